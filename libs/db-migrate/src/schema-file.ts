// Locating schema.prisma (one file, or a folder of .prisma files) and its migrations folder.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SchemaContainer } from './engine';

export class SchemaFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaFileError';
  }
}

export interface PrismaSchema {
  /** Absolute path of the schema file or folder. */
  path: string;
  files: SchemaContainer[];
  /** Absolute path of the migrations folder (need not exist yet). */
  migrationsDir: string;
}

/**
 * Reads the schema. The migrations folder defaults to Prisma's: `migrations` next to the schema
 * file, or inside the schema folder.
 */
export function loadSchema(schemaPath: string, migrationsDir?: string): PrismaSchema {
  const path = resolve(schemaPath);
  if (!existsSync(path)) throw new SchemaFileError(`Schema file not found: ${path}`);
  const isFolder = statSync(path).isDirectory();
  const files = isFolder ? prismaFilesIn(path) : [path];
  if (files.length === 0) throw new SchemaFileError(`No .prisma files in schema folder ${path}`);
  const schema: PrismaSchema = {
    path,
    files: files.map((file) => ({ path: file, content: readFileSync(file, 'utf8') })),
    migrationsDir: resolve(migrationsDir ?? join(isFolder ? path : dirname(path), 'migrations')),
  };
  const provider = datasourceProvider(schema.files);
  if (provider === undefined) throw new SchemaFileError(`No datasource block with a provider in ${path}`);
  if (provider !== 'postgresql') {
    throw new SchemaFileError(`${path}: datasource provider is "${provider}"; sla-db-migrate supports "postgresql" only`);
  }
  return schema;
}

function prismaFilesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.prisma'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.slice(folder.length).split(/[\\/]/).includes('migrations'))
    .sort();
}

/** The datasource provider, read loosely; the engine validates the schema properly. */
export function datasourceProvider(files: SchemaContainer[]): string | undefined {
  for (const { content } of files) {
    const block = content.match(/^\s*datasource\s+\w+\s*\{([^}]*)\}/m)?.[1];
    const provider = block?.match(/^\s*provider\s*=\s*"([^"]*)"/m)?.[1];
    if (provider !== undefined) return provider;
  }
  return undefined;
}
