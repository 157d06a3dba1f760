// Identity service entry point: validate configuration, apply migrations, serve.
import 'reflect-metadata';
import { ConfigError } from '@sla-desk/auth';
import { createIdentityApp, migrateIdentityDatabase } from './app';
import { loadIdentityConfig } from './config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadIdentityConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`identity: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  if (config.migrateOnStart) {
    const applied = await migrateIdentityDatabase(config.databaseUrl);
    if (applied.length > 0) process.stdout.write(`${JSON.stringify({ service: 'identity', msg: 'Applied migrations', applied })}\n`);
  }
  const app = await createIdentityApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
}

main().catch((error: unknown) => {
  process.stderr.write(`identity: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
