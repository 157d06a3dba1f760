// Gateway entry point: validate configuration (bad: exit 78), serve the supergraph until SIGTERM/SIGINT.
import 'reflect-metadata';
import { jsonLogger, runMain } from '@sla-desk/runtime';
import { createGatewayApp } from './app';
import { loadGatewayConfig } from './config';

void runMain('gateway', async () => {
  const config = loadGatewayConfig();
  const app = await createGatewayApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  jsonLogger('gateway', config.logLevel).info('Serving', { url: `http://${config.host}:${config.port}/graphql` });
});
