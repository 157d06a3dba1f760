// Lint for the whole workspace. The module-boundary rules keep workflow code deterministic:
// workflows/ (and the libraries it may use) cannot reach Node built-ins, databases, Kafka, Nest or the Temporal client.
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))];
const nonDeterministicPackages = [
  '@prisma/*',
  'prisma',
  'pg',
  'kafkajs',
  '@nestjs/*',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/testing',
  '@temporalio/activity',
];

// Scopes: each service (tag scope:<folder under services/>) may use shared code and its own, never another
// service's; shared code (libs/, workflows/) never reaches into a service; end-to-end tests (scope:test) use anything.
const services = readdirSync(new URL('./services', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory());
const scopes = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...services.map((d) => ({ sourceTag: `scope:${d.name}`, onlyDependOnLibsWithTags: ['scope:shared', `scope:${d.name}`] })),
];

// `bans`: external imports banned for deterministic code (none in tests, which run that code on a real worker);
// `workflowMayUse`: the tags workflow code may depend on (tests may also use the worker's activities and test helpers).
const boundaries = (bans, workflowMayUse) => [
  'error',
  {
    allow: [],
    depConstraints: [
      { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: workflowMayUse, bannedExternalImports: bans },
      { sourceTag: 'runtime:deterministic', onlyDependOnLibsWithTags: ['runtime:deterministic'], bannedExternalImports: bans },
      // Pure libraries (libs/sla) do not even know Temporal; libs/workflow-api defines its signals/updates/queries.
      { sourceTag: 'runtime:pure', bannedExternalImports: bans.length ? ['@temporalio/*'] : [] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib', 'type:workflow'] },
      { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:lib', 'type:workflow', 'type:service'] },
      ...scopes,
    ],
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '.local/**', '.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries([...nodeBuiltins, ...nonDeterministicPackages], ['runtime:deterministic']),
    },
  },
  {
    // Tests of deterministic code run it on a real worker / test server, so they may use Node and the Temporal SDK.
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'libs/sla/src/cli.ts', 'libs/sla/src/cli/**', 'libs/sla/src/bench/**'],
    rules: { '@nx/enforce-module-boundaries': boundaries([], ['type:lib', 'type:service']) },
  },
  {
    // Node built-ins are also banned by name here, so a relative-path escape hatch cannot sneak one in.
    files: ['workflows/src/**/*.ts', 'libs/sla/src/**/*.ts', 'libs/workflow-api/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/sla/src/cli.ts', 'libs/sla/src/cli/**', 'libs/sla/src/bench/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: nonDeterministicPackages }],
      'no-restricted-globals': ['error', 'process', 'require', 'setTimeout', 'setInterval', 'Buffer'],
    },
  },
  {
    // Inside a workflow Date.now() is the sandbox's replay-safe clock; the libraries take instants as arguments instead.
    files: ['libs/sla/src/**/*.ts', 'libs/workflow-api/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/sla/src/cli.ts', 'libs/sla/src/cli/**', 'libs/sla/src/bench/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Take the instant as an argument.' }],
    },
  },
);
