// @sla-desk/db-migrate: Prisma migrations on PostgreSQL through the WebAssembly schema engine.
export {
  checkMigrations,
  createMigration,
  deployMigrations,
  InvalidSchemaError,
  MigrationsFolderError,
  type CheckOptions,
  type CheckResult,
  type CreateOptions,
  type CreateResult,
  type DeployOptions,
  type DeployResult,
} from './commands';
export { DatabaseError, parseDatabaseUrl, redactUrl } from './database';
export { engineVersion, SchemaEngineError } from './engine';
export { GENERATE_ONLY_SCHEMA_ENGINE, generateEnv, prismaGenerate, type GenerateOptions } from './generate';
export { checksum, LOCK_FILE_CONTENT, migrationSlug, newMigrationName } from './migrations-folder';
export { SchemaFileError } from './schema-file';
