// npm run supergraph:compose  → writes supergraph.graphql
// npm run supergraph:check    → exit 1 on composition errors or when supergraph.graphql is stale (part of lint)
import { readFileSync, writeFileSync } from 'node:fs';
import { composeFromFiles, CompositionError, SUPERGRAPH_FILE } from '../supergraph/compose';

function main(): number {
  let supergraph: string;
  try {
    supergraph = composeFromFiles();
  } catch (error) {
    if (error instanceof CompositionError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(SUPERGRAPH_FILE, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== supergraph) {
      process.stderr.write(
        `${SUPERGRAPH_FILE} is stale (a subgraph schema changed): run \`npm run -w @sla-desk/gateway supergraph:compose\` and commit it\n`,
      );
      return 1;
    }
    process.stdout.write(`Supergraph composes and ${SUPERGRAPH_FILE} is up to date\n`);
    return 0;
  }
  writeFileSync(SUPERGRAPH_FILE, supergraph);
  process.stdout.write(`Wrote ${SUPERGRAPH_FILE}\n`);
  return 0;
}

process.exitCode = main();
