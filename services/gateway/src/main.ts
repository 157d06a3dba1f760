// Gateway entry point: validate configuration, serve the supergraph.
import 'reflect-metadata';
import { ConfigError } from '@sla-desk/auth';
import { createGatewayApp } from './app';
import { loadGatewayConfig } from './config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`gateway: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await createGatewayApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
