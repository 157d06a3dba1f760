// node dist/cli/bootstrap.js: applies migrations, then creates the provider organisation and its first admin
// (idempotent). Needs the service's configuration plus BOOTSTRAP_PROVIDER_NAME, BOOTSTRAP_PROVIDER_EMAIL,
// BOOTSTRAP_ADMIN_EMAIL, BOOTSTRAP_ADMIN_NAME and optionally BOOTSTRAP_ADMIN_PASSWORD (else a setup token is printed).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, env, readEnv } from '@sla-desk/auth';
import { migrateIdentityDatabase } from '../app';
import { bootstrapProvider } from '../bootstrap';
import { loadIdentityConfig } from '../config';
import { IdentityModule } from '../identity.module';

async function main(): Promise<void> {
  let config;
  let input;
  try {
    config = loadIdentityConfig();
    input = readEnv({
      BOOTSTRAP_PROVIDER_NAME: env.string(),
      BOOTSTRAP_PROVIDER_EMAIL: env.string(),
      BOOTSTRAP_ADMIN_EMAIL: env.string(),
      BOOTSTRAP_ADMIN_NAME: env.string({ default: 'Administrator' }),
      BOOTSTRAP_ADMIN_PASSWORD: env.optionalString(),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`identity bootstrap: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  await migrateIdentityDatabase(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(IdentityModule.forRoot({ ...config, logLevel: 'warn' }), { logger: ['error', 'warn'] });
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
}

main().catch((error: unknown) => {
  process.stderr.write(`identity bootstrap: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
