// What a subgraph is, for the kit: its name, where its Prisma schema and SDL live, how it reads its configuration,
// its feature module (resolvers and services) and the topics its outbox publishes to. One object per service
// (services/<name>/src/subgraph.ts); main.ts, the schema printer and the test harness all take it.
import { join } from 'node:path';
import type { CanActivate, DynamicModule, InjectionToken, Type } from '@nestjs/common';
import type { Topic } from '@sla-desk/events';
import { loadSubgraphConfig, offlineSubgraphConfig, type SubgraphConfig } from './config';

/** Per-request additions to the GraphQL context (e.g. DataLoaders), built from injected services. */
export interface ContextExtension {
  inject: InjectionToken[];
  factory: (...services: never[]) => () => Record<string, unknown>;
}

export interface SubgraphDefinition<C extends SubgraphConfig = SubgraphConfig, O = undefined> {
  /** identity, catalog, …: the service, its variables' prefix (IDENTITY_…), its log and subgraph name. */
  name: string;
  /** The package folder (services/<name>), from src/ and dist/ alike: `join(__dirname, '..')`. */
  root: string;
  /** Its port unless <NAME>_PORT says otherwise (the gateway's subgraphs.json lists the same). */
  defaultPort: number;
  loadConfig(source: Record<string, string | undefined>): C;
  /** A configuration that reaches nothing, for printing the schema without a database. */
  offlineConfig(): C;
  /** The service's own module: resolvers, services, its Prisma client. `options` are for tests (fakes). */
  module(config: C, options?: O): DynamicModule;
  /** Topics the outbox relay creates and publishes to. */
  topics: readonly Topic[];
  context?: ContextExtension;
  /** Global guards that run after the kit's SubgraphAuthGuard (which has settled who the caller is). */
  guards?: Type<CanActivate>[];
}

/** A subgraph whose configuration is the kit's base one: loadConfig and offlineConfig need not be written. */
export type PlainSubgraphDefinition<O> = Omit<SubgraphDefinition<SubgraphConfig, O>, 'loadConfig' | 'offlineConfig'>;

export function defineSubgraph<C extends SubgraphConfig, O = undefined>(definition: SubgraphDefinition<C, O>): SubgraphDefinition<C, O>;
export function defineSubgraph<O = undefined>(definition: PlainSubgraphDefinition<O>): SubgraphDefinition<SubgraphConfig, O>;
export function defineSubgraph<O>(
  definition: PlainSubgraphDefinition<O> & Partial<SubgraphDefinition<SubgraphConfig, O>>,
): SubgraphDefinition<SubgraphConfig, O> {
  return {
    loadConfig: (source) => loadSubgraphConfig(definition.name, definition.defaultPort, source),
    offlineConfig: () => offlineSubgraphConfig(definition.name),
    ...definition,
  };
}

export function prismaDirOf(definition: Pick<SubgraphDefinition<never, never>, 'root'>): string {
  return join(definition.root, 'prisma');
}

export function schemaFileOf(definition: Pick<SubgraphDefinition<never, never>, 'root'>): string {
  return join(definition.root, 'schema.graphql');
}
