// Test helpers that find the real local stack (deploy/local, `npm run up`) and fail loudly when a piece is missing.
export {
  STACK_ENV_KEYS,
  databaseUrl,
  findRepoRoot,
  parseEnvFile,
  redactUrl,
  stackConfig,
  type StackConfig,
  type StackConfigOptions,
  type StackEnvKey,
} from './config';
export {
  StackUnavailableError,
  createTestDatabase,
  devServerTestEnv,
  requireKafka,
  requirePostgres,
  requireTemporal,
  requireTestServer,
  timeSkippingTestEnv,
  uniqueName,
  type TestDatabase,
} from './stack';
