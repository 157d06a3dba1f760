// The identity subgraph's SDL (with federation directives), printed from the code-first schema without a database
// or HTTP server. The checked-in copy (services/identity/schema.graphql) feeds the gateway's supergraph composition.
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { IdentityConfig } from './config';
import { IdentityModule } from './identity.module';

export const SUBGRAPH_SCHEMA_FILE = join(__dirname, '..', 'schema.graphql');

export const SDL_HEADER =
  '# Generated from the code-first schema of services/identity by `npm run -w @sla-desk/identity schema:print`.\n' +
  '# Do not edit: change the resolvers/types and regenerate (a test fails while this file is stale).\n\n';

function offlineConfig(): IdentityConfig {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    nodeEnv: 'development',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    databaseUrl: 'postgresql://unused:unused@127.0.0.1:1/unused',
    migrateOnStart: false,
    gatewaySecrets: ['x'.repeat(32)],
    jwtPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    accessTokenTtlSeconds: 300,
    refreshTokenTtlSeconds: 3600,
    sessionMaxAgeSeconds: 3600,
    passwordSetupTtlSeconds: 3600,
    login: { maxFailuresPerAccount: 5, maxFailuresPerAddress: 50, failureWindowSeconds: 900, lockoutSeconds: 900 },
    argon2: { memoryKiB: 1024, timeCost: 1, parallelism: 1 },
    introspection: false,
    dbPoolSize: 1,
    kafkaBrokers: [],
    kafkaTopicPrefix: '',
  };
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
