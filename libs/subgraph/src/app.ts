// Creating a Nest application the way every SLA Desk GraphQL service runs: JSON logs through pino, a size-limited
// JSON body parser on /graphql answering in GraphQL's error shape, no x-powered-by, an explicit trust-proxy setting.
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DynamicModule } from '@nestjs/common';
import { deployMigrations } from '@sla-desk/db-migrate';
import { Logger } from 'nestjs-pino';
import { securityHeaders } from './browser';
import type { SubgraphConfig } from './config';
import { prismaDirOf, type SubgraphDefinition } from './definition';
import { graphqlJsonBodyParser } from './http';
import { ensureNonceTable } from './nonce-store';
import { SubgraphModule } from './subgraph.module';

/** Largest request body a subgraph accepts (the gateway has its own, configurable limit). */
export const SUBGRAPH_MAX_BODY = '64kb';

export interface ServiceAppOptions {
  maxBody: string;
  /** Express "trust proxy": false (the socket's address is the client's), or a hop count / subnet list. */
  trustProxy: boolean | number | string;
  /** Runs before the body parser (security headers, CORS). */
  configure?: (app: NestExpressApplication) => void;
}

/** Creates and initialises the app (routes registered); call `listen` to serve. */
export async function createServiceApp(module: DynamicModule, options: ServiceAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', options.trustProxy);
  app.disable('x-powered-by');
  options.configure?.(app);
  app.use('/graphql', graphqlJsonBodyParser({ limit: options.maxBody }));
  await app.init();
  return app;
}

/** The subgraph's app; the gateway is its only client, so no proxy is trusted and no browser origin allowed. */
export function createSubgraphApp<C extends SubgraphConfig, O>(
  definition: SubgraphDefinition<C, O>,
  config: C,
  options?: O,
): Promise<NestExpressApplication> {
  return createServiceApp(SubgraphModule.forRoot(definition, config, options), {
    maxBody: SUBGRAPH_MAX_BODY,
    trustProxy: false,
    configure: (app) => app.use(securityHeaders({ sandbox: false })),
  });
}

/** Applies the subgraph's pending migrations (prisma/migrations) and creates the kit's tables; returns their names. */
export async function migrateSubgraphDatabase(
  definition: Pick<SubgraphDefinition<never, never>, 'root'>,
  databaseUrl: string,
): Promise<string[]> {
  const result = await deployMigrations({ schema: prismaDirOf(definition), url: databaseUrl });
  await ensureNonceTable(databaseUrl);
  return result.applied;
}
