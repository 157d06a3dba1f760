// Building the gateway application (used by main.ts, tests and the benchmark).
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AccessTokenVerifier, graphqlJsonBodyParser } from '@sla-desk/auth';
import { Logger } from 'nestjs-pino';
import type { GatewayConfig } from './config';
import { GatewayModule, type GatewayModuleOptions } from './gateway.module';

export async function createGatewayApp(config: GatewayConfig, options: GatewayModuleOptions = {}): Promise<NestExpressApplication> {
  const verifier = await AccessTokenVerifier.fromSpki(config.jwtPublicKey);
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config, verifier, options), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use('/graphql', graphqlJsonBodyParser({ limit: config.maxBody }));
  await app.init();
  return app;
}
