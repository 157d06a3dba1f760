// The entry point of every subgraph (services/<name>/src/main.ts is `runSubgraph(definition)`):
//   node dist/main.js                        validate the configuration, apply migrations, serve until SIGTERM/SIGINT
//   node dist/main.js print-schema [--check] write schema.graphql (or fail when it is stale)
//   node dist/main.js migrate                apply pending migrations and exit (reads <NAME>_DATABASE_URL, LOG_LEVEL only)
// Bad configuration exits 78 with every bad variable named (@sla-desk/runtime's runMain); other failures exit 1.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { jsonLogger, runMain } from '@sla-desk/runtime';
import { createSubgraphApp, migrateSubgraphDatabase } from './app';
import { loadMigrateConfig, type SubgraphConfig } from './config';
import { schemaFileOf, type SubgraphDefinition } from './definition';
import { writeSubgraphSdl } from './schema';

export function runSubgraph<C extends SubgraphConfig, O>(definition: SubgraphDefinition<C, O>, argv = process.argv.slice(2)): void {
  void runMain(definition.name, async () => {
    const [command, ...flags] = argv.filter((arg) => !arg.startsWith('--sla-desk-home='));
    if (command === 'print-schema') {
      const check = flags.includes('--check');
      const fresh = await writeSubgraphSdl(definition, check);
      if (check && !fresh) {
        process.stderr.write(`${schemaFileOf(definition)} is stale: run \`npm run -w @sla-desk/${definition.name} schema:print\`\n`);
        return 1;
      }
      process.stdout.write(`${schemaFileOf(definition)} ${check || fresh ? 'is up to date' : 'written'}\n`);
      return 0;
    }
    if (command === 'migrate') {
      // Only the database: a migration Job carries no serving secrets.
      const { databaseUrl, logLevel } = loadMigrateConfig(definition.name, process.env);
      const applied = await migrateSubgraphDatabase(definition, databaseUrl);
      jsonLogger(definition.name, logLevel).info(applied.length > 0 ? 'Applied migrations' : 'Database schema is up to date', { applied });
      return 0;
    }
    const config = definition.loadConfig(process.env);
    const log = jsonLogger(definition.name, config.logLevel);
    if (config.migrateOnStart) {
      const applied = await migrateSubgraphDatabase(definition, config.databaseUrl);
      log.info(applied.length > 0 ? 'Applied migrations' : 'Database schema is up to date', { applied });
    }
    if (command !== undefined) throw new Error(`Unknown command "${command}" (serve with no command, or print-schema, migrate)`);
    const app = await createSubgraphApp(definition, config);
    app.enableShutdownHooks();
    await app.listen(config.port, config.host);
    // The bound port, not the configured one: <NAME>_PORT=0 lets the system choose (test harnesses read this line).
    const { port } = app.getHttpServer().address() as AddressInfo;
    log.info('Serving', { url: `http://${config.host}:${port}/graphql` });
  });
}
