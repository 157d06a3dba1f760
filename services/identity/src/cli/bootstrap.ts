// node dist/cli/bootstrap.js: applies migrations, then creates the provider organization and its first admin
// (idempotent). Needs the service's configuration plus BOOTSTRAP_PROVIDER_NAME, BOOTSTRAP_PROVIDER_EMAIL,
// BOOTSTRAP_ADMIN_EMAIL, BOOTSTRAP_ADMIN_NAME and optionally BOOTSTRAP_ADMIN_PASSWORD (else a setup token is printed).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { env, readEnv, runMain } from '@sla-desk/runtime';
import { SubgraphModule } from '@sla-desk/subgraph';
import { migrateIdentityDatabase } from '../app';
import { bootstrapProvider } from '../bootstrap';
import { loadIdentityConfig } from '../config';
import { identitySubgraph } from '../subgraph';

void runMain('identity-bootstrap', async () => {
  const config = loadIdentityConfig();
  const input = readEnv({
    BOOTSTRAP_PROVIDER_NAME: env.string(),
    BOOTSTRAP_PROVIDER_EMAIL: env.string(),
    BOOTSTRAP_ADMIN_EMAIL: env.string(),
    BOOTSTRAP_ADMIN_NAME: env.string({ default: 'Administrator' }),
    BOOTSTRAP_ADMIN_PASSWORD: env.optionalString(),
  });
  await migrateIdentityDatabase(config.databaseUrl);
  const module = SubgraphModule.forRoot(identitySubgraph, { ...config, logLevel: 'warn', kafkaBrokers: [] });
  const app = await NestFactory.createApplicationContext(module, { logger: ['error', 'warn'] });
  try {
    const result = await bootstrapProvider(app, {
      providerName: input.BOOTSTRAP_PROVIDER_NAME,
      providerContactEmail: input.BOOTSTRAP_PROVIDER_EMAIL,
      adminEmail: input.BOOTSTRAP_ADMIN_EMAIL,
      adminDisplayName: input.BOOTSTRAP_ADMIN_NAME,
      ...(input.BOOTSTRAP_ADMIN_PASSWORD ? { adminPassword: input.BOOTSTRAP_ADMIN_PASSWORD } : {}),
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await app.close();
  }
});
