// Building the identity application (used by main.ts, the schema printer and tests).
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { graphqlJsonBodyParser } from '@sla-desk/auth';
import { deployMigrations } from '@sla-desk/db-migrate';
import { Logger } from 'nestjs-pino';
import type { IdentityConfig } from './config';
import { IdentityModule, type IdentityModuleOptions } from './identity.module';

/** prisma/ (schema + migrations), from src/ and from dist/ alike. */
export const PRISMA_SCHEMA_DIR = join(__dirname, '..', 'prisma');

/** Largest request body accepted by the GraphQL endpoint. */
export const MAX_BODY = '64kb';

export async function migrateIdentityDatabase(databaseUrl: string): Promise<string[]> {
  const result = await deployMigrations({ schema: PRISMA_SCHEMA_DIR, url: databaseUrl });
  return result.applied;
}

/** Creates and initialises the app (routes registered); call `listen` to serve. */
export async function createIdentityApp(config: IdentityConfig, options: IdentityModuleOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(IdentityModule.forRoot(config, options), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.use('/graphql', graphqlJsonBodyParser({ limit: MAX_BODY }));
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  await app.init();
  return app;
}
