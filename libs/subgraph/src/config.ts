// The configuration every subgraph reads, from variables named after the service (IDENTITY_PORT, CATALOG_PORT, …)
// plus the shared ones (KAFKA_BROKERS, GATEWAY_SUBGRAPH_SECRET, …). A service adds its own variables with `extra`;
// all are validated together, so one ConfigError names every bad variable.
import { env, readEnv, type ConfigSpec, type LogLevel } from '@sla-desk/runtime';
import { MIN_SECRET_LENGTH } from '@sla-desk/auth';

export type NodeEnv = 'development' | 'production' | 'test';

export interface ServiceConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: LogLevel;
}

export interface SubgraphConfig extends ServiceConfig {
  databaseUrl: string;
  dbPoolSize: number;
  /** Apply pending migrations from prisma/migrations before serving. */
  migrateOnStart: boolean;
  /** Gateway↔subgraph HMAC secrets: the first signs, all verify (rotation: set …_PREVIOUS to the old one). */
  gatewaySecrets: string[];
  introspection: boolean;
  /** Kafka brokers for the outbox relay and health; empty: events stay in the outbox (logged at start). */
  kafkaBrokers: string[];
  kafkaTopicPrefix: string;
}

/** `CATALOG` for `catalog`: the prefix of a service's own variables. */
export function envPrefix(service: string): string {
  return service.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function serviceEnvSpec(service: string, defaultPort: number) {
  const p = envPrefix(service);
  return {
    NODE_ENV: env.oneOf(['development', 'production', 'test'] as const, { default: 'development' }),
    [`${p}_HOST`]: env.string({ default: '127.0.0.1' }),
    [`${p}_PORT`]: env.port({ default: defaultPort }),
    LOG_LEVEL: env.logLevel(),
  } as ConfigSpec<Record<string, unknown>>;
}

/**
 * host, port, log level and NODE_ENV of any Nest service (the gateway too), read together with the service's own
 * variables (`spec`) so one ConfigError names every bad variable.
 */
export function readServiceEnv<Raw>(
  service: string,
  defaultPort: number,
  source: Record<string, string | undefined>,
  spec: ConfigSpec<Raw>,
): { service: ServiceConfig; raw: Raw } {
  const p = envPrefix(service);
  const raw = readEnv({ ...serviceEnvSpec(service, defaultPort), ...spec } as ConfigSpec<Record<string, unknown>>, source);
  return {
    service: {
      nodeEnv: raw['NODE_ENV'] as NodeEnv,
      host: raw[`${p}_HOST`] as string,
      port: raw[`${p}_PORT`] as number,
      logLevel: raw['LOG_LEVEL'] as LogLevel,
    },
    raw: raw as Raw,
  };
}

function subgraphEnvSpec(service: string) {
  const p = envPrefix(service);
  return {
    [`${p}_DATABASE_URL`]: env.url({ protocols: ['postgresql', 'postgres'] }),
    [`${p}_DB_POOL_SIZE`]: env.int({ default: 10, min: 1, max: 100 }),
    [`${p}_MIGRATE_ON_START`]: env.bool({ default: true }),
    GATEWAY_SUBGRAPH_SECRET: env.string({ minLength: MIN_SECRET_LENGTH }),
    GATEWAY_SUBGRAPH_SECRET_PREVIOUS: env.optionalString(),
    GRAPHQL_INTROSPECTION: env.optionalString(),
    KAFKA_BROKERS: env.hostPorts({ default: [] }),
    KAFKA_TOPIC_PREFIX: env.string({ default: '' }),
  } as ConfigSpec<Record<string, unknown>>;
}

/**
 * The base configuration of subgraph `service` plus its own variables (`extra`: a spec and how to turn the values
 * into the service's config fields).
 */
export function loadSubgraphConfig<Extra extends object = object, Raw = unknown>(
  service: string,
  defaultPort: number,
  source: Record<string, string | undefined>,
  extra?: { spec: ConfigSpec<Raw>; build: (raw: Raw) => Extra },
): SubgraphConfig & Extra {
  const p = envPrefix(service);
  const spec = { ...subgraphEnvSpec(service), ...(extra?.spec ?? {}) } as ConfigSpec<Record<string, unknown>>;
  const { service: base, raw } = readServiceEnv(service, defaultPort, source, spec);
  const flags = readEnv({ GRAPHQL_INTROSPECTION: env.bool({ default: base.nodeEnv !== 'production' }) }, source);
  const previous = raw['GATEWAY_SUBGRAPH_SECRET_PREVIOUS'] as string | undefined;
  return {
    ...base,
    databaseUrl: raw[`${p}_DATABASE_URL`] as string,
    dbPoolSize: raw[`${p}_DB_POOL_SIZE`] as number,
    migrateOnStart: raw[`${p}_MIGRATE_ON_START`] as boolean,
    gatewaySecrets: [raw['GATEWAY_SUBGRAPH_SECRET'] as string, ...(previous ? [previous] : [])],
    introspection: flags.GRAPHQL_INTROSPECTION,
    kafkaBrokers: raw['KAFKA_BROKERS'] as string[],
    kafkaTopicPrefix: raw['KAFKA_TOPIC_PREFIX'] as string,
    ...((extra?.build(raw as Raw) ?? {}) as Extra),
  };
}

/**
 * What `node dist/main.js migrate` reads: the database URL and the log level only, so a migration Job (e.g. a Helm
 * pre-install hook, which runs before the release's Secrets exist) needs no serving secrets.
 */
export function loadMigrateConfig(
  service: string,
  source: Record<string, string | undefined>,
): { databaseUrl: string; logLevel: LogLevel } {
  const p = envPrefix(service);
  const raw = readEnv(
    { [`${p}_DATABASE_URL`]: env.url({ protocols: ['postgresql', 'postgres'] }), LOG_LEVEL: env.logLevel() } as ConfigSpec<
      Record<string, unknown>
    >,
    source,
  );
  return { databaseUrl: raw[`${p}_DATABASE_URL`] as string, logLevel: raw['LOG_LEVEL'] as LogLevel };
}

/** A complete configuration that reaches nothing: for printing the schema offline and for unit tests. */
export function offlineSubgraphConfig(service: string): SubgraphConfig {
  return {
    nodeEnv: 'development',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    databaseUrl: `postgresql://offline:offline@127.0.0.1:1/${service}`,
    dbPoolSize: 1,
    migrateOnStart: false,
    gatewaySecrets: ['offline-'.repeat(5)],
    introspection: false,
    kafkaBrokers: [],
    kafkaTopicPrefix: '',
  };
}

/** Injection token of the running subgraph's configuration (SubgraphConfig & the service's own fields). */
export const SUBGRAPH_CONFIG = Symbol('SUBGRAPH_CONFIG');
