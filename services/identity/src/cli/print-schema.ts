// Writes services/identity/schema.graphql, or with --check fails when it is stale.
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { printIdentitySubgraphSchema, SUBGRAPH_SCHEMA_FILE } from '../schema';

async function main(): Promise<void> {
  const sdl = await printIdentitySubgraphSchema();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(SUBGRAPH_SCHEMA_FILE, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== sdl) {
      process.stderr.write(`${SUBGRAPH_SCHEMA_FILE} is stale: run \`npm run -w @sla-desk/identity schema:print\`\n`);
      process.exit(1);
    }
    process.stdout.write(`${SUBGRAPH_SCHEMA_FILE} is up to date\n`);
    return;
  }
  writeFileSync(SUBGRAPH_SCHEMA_FILE, sdl);
  process.stdout.write(`Wrote ${SUBGRAPH_SCHEMA_FILE}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
