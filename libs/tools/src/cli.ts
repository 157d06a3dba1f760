// npm run new:subgraph -- <name> [--description "…"] [--port N] [--files-only]
import { findRepoRoot } from '@sla-desk/testing';
import { generateSubgraph, GeneratorError } from './subgraph-generator';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const args = process.argv.slice(2);
const name = args.find((arg, i) => !arg.startsWith('--') && !['--description', '--port'].includes(args[i - 1] ?? ''));
if (!name) {
  process.stderr.write('usage: npm run new:subgraph -- <name> [--description "…"] [--port N] [--files-only]\n');
  process.exit(2);
}
const port = option(args, '--port');
try {
  const spec = generateSubgraph(
    { name, description: option(args, '--description') ?? `The ${name} subgraph`, ...(port ? { port: Number(port) } : {}) },
    { repoRoot: findRepoRoot(), filesOnly: args.includes('--files-only') },
  );
  process.stdout.write(
    `\nservices/${spec.name} is ready: its test runs with \`npx nx test @sla-desk/${spec.name}\`, \`npm run up\` starts it on ` +
      `port ${spec.port}, and the gateway serves its schema. Next: its Prisma models, resolvers and README.\n`,
  );
} catch (error) {
  if (!(error instanceof GeneratorError)) throw error;
  process.stderr.write(`new:subgraph: ${error.message}\n`);
  process.exit(2);
}
