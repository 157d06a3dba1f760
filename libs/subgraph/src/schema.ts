// A subgraph's SDL with federation directives, printed from its code-first schema without a database or HTTP
// server. The checked-in copy (services/<name>/schema.graphql) feeds the gateway's supergraph composition; the
// service's lint fails while it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { SubgraphConfig } from './config';
import { schemaFileOf, type SubgraphDefinition } from './definition';
import { SubgraphModule } from './subgraph.module';

function header(name: string): string {
  return (
    `# Generated from the code-first schema of services/${name} by \`npm run -w @sla-desk/${name} schema:print\`.\n` +
    '# Do not edit: change the resolvers/types and regenerate (its test fails while this file is stale).\n\n'
  );
}

export async function printSubgraphSdl<C extends SubgraphConfig, O>(definition: SubgraphDefinition<C, O>): Promise<string> {
  const module = SubgraphModule.forRoot(definition, definition.offlineConfig());
  const app = await NestFactory.createApplicationContext(module, { logger: ['error'] });
  try {
    await app.init();
    return header(definition.name) + printSubgraphSchema(app.get(GraphQLSchemaHost).schema).trim() + '\n';
  } finally {
    await app.close();
  }
}

/** Writes schema.graphql, or with `check` only compares; returns whether the file was up to date. */
export async function writeSubgraphSdl<C extends SubgraphConfig, O>(
  definition: SubgraphDefinition<C, O>,
  check: boolean,
): Promise<boolean> {
  const file = schemaFileOf(definition);
  const sdl = await printSubgraphSdl(definition);
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: stale
  }
  if (!check && current !== sdl) writeFileSync(file, sdl);
  return current === sdl;
}
