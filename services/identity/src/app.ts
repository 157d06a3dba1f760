// Building the identity application (used by main.ts, tools and tests that start it in-process).
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createSubgraphApp, migrateSubgraphDatabase } from '@sla-desk/subgraph';
import type { IdentityConfig } from './config';
import type { IdentityModuleOptions } from './identity.module';
import { identitySubgraph } from './subgraph';

export function migrateIdentityDatabase(databaseUrl: string): Promise<string[]> {
  return migrateSubgraphDatabase(identitySubgraph, databaseUrl);
}

/** Creates and initialises the app (routes registered); call `listen` to serve. */
export function createIdentityApp(config: IdentityConfig, options: IdentityModuleOptions = {}): Promise<NestExpressApplication> {
  return createSubgraphApp(identitySubgraph, config, options);
}
