// The identity subgraph's SDL (with federation directives), printed from the code-first schema without a database
// or HTTP server. The checked-in copy (services/identity/schema.graphql) feeds the gateway's supergraph composition.
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { loadIdentityConfig, type IdentityConfig } from './config';
import { IdentityModule } from './identity.module';

export const SUBGRAPH_SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');

export const SDL_HEADER =
  '# Generated from the code-first schema of services/identity by `npm run -w @sla-desk/identity schema:print`.\n' +
  '# Do not edit: change the resolvers/types and regenerate (a test fails while this file is stale).\n\n';

/** Defaults everywhere; nothing is connected to. */
function offlineConfig(): IdentityConfig {
  const { privateKey } = generateKeyPairSync('ed25519');
  return loadIdentityConfig({
    LOG_LEVEL: 'silent',
    IDENTITY_DATABASE_URL: 'postgresql://unused:unused@127.0.0.1:1/unused',
    IDENTITY_MIGRATE_ON_START: 'false',
    GATEWAY_SUBGRAPH_SECRET: 'x'.repeat(32),
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    GRAPHQL_INTROSPECTION: 'false',
  });
}

export async function printIdentitySubgraphSchema(): Promise<string> {
  const app = await NestFactory.createApplicationContext(IdentityModule.forRoot(offlineConfig()), { logger: ['error'] });
  try {
    await app.init();
    return SDL_HEADER + printSubgraphSchema(app.get(GraphQLSchemaHost).schema).trim() + '\n';
  } finally {
    await app.close();
  }
}
