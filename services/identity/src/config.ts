// Identity service configuration, from the environment, validated at start.
import { env, MIN_SECRET_LENGTH, readEnv } from '@sla-desk/auth';

export interface IdentityConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  databaseUrl: string;
  /** Apply pending migrations from prisma/migrations before serving. */
  migrateOnStart: boolean;
  /** Gateway↔subgraph HMAC secrets; the first signs, all verify (rotation). */
  gatewaySecrets: string[];
  jwtPrivateKey: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A just-used refresh token presented again within this many seconds returns the same new pair (0: never). */
  refreshReuseGraceSeconds: number;
  sessionMaxAgeSeconds: number;
  passwordSetupTtlSeconds: number;
  /** zxcvbn score (0–4) a new password needs. */
  passwordMinStrength: 0 | 1 | 2 | 3 | 4;
  /** Login throttling: see auth/login-throttle.ts. */
  login: {
    maxFailuresPerAccountAndAddress: number;
    maxFailuresPerAccount: number;
    /** Failures from one address after which its attempts are slowed down (never refused). */
    addressSlowdownAfterFailures: number;
    slowdownBaseMs: number;
    slowdownMaxMs: number;
    failureWindowSeconds: number;
    lockoutSeconds: number;
  };
  argon2: { memoryKiB: number; timeCost: number; parallelism: number };
  introspection: boolean;
  dbPoolSize: number;
  /** Kafka brokers for the outbox relay; empty: events stay in the outbox (logged at start). */
  kafkaBrokers: string[];
  kafkaTopicPrefix: string;
}

export function loadIdentityConfig(source: Record<string, string | undefined> = process.env): IdentityConfig {
  const raw = readEnv(
    {
      NODE_ENV: env.oneOf(['development', 'production', 'test'] as const, { default: 'development' }),
      IDENTITY_HOST: env.string({ default: '127.0.0.1' }),
      IDENTITY_PORT: env.port({ default: 4001 }),
      LOG_LEVEL: env.oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const, { default: 'info' }),
      IDENTITY_DATABASE_URL: env.url({ protocols: ['postgresql', 'postgres'] }),
      IDENTITY_MIGRATE_ON_START: env.bool({ default: true }),
      GATEWAY_SUBGRAPH_SECRET: env.string({ minLength: MIN_SECRET_LENGTH }),
      GATEWAY_SUBGRAPH_SECRET_PREVIOUS: env.optionalString(),
      JWT_PRIVATE_KEY: env.pem('PRIVATE KEY'),
      ACCESS_TOKEN_TTL_SECONDS: env.int({ default: 300, min: 30, max: 3600 }),
      REFRESH_TOKEN_TTL_SECONDS: env.int({ default: 14 * 86400, min: 60, max: 90 * 86400 }),
      REFRESH_TOKEN_REUSE_GRACE_SECONDS: env.int({ default: 30, min: 0, max: 300 }),
      SESSION_MAX_AGE_SECONDS: env.int({ default: 30 * 86400, min: 60, max: 365 * 86400 }),
      PASSWORD_SETUP_TTL_SECONDS: env.int({ default: 3 * 86400, min: 60, max: 30 * 86400 }),
      PASSWORD_MIN_STRENGTH: env.int({ default: 3, min: 0, max: 4 }),
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: env.int({ default: 5, min: 1, max: 1000 }),
      LOGIN_MAX_FAILURES_PER_ACCOUNT: env.int({ default: 20, min: 1, max: 1000 }),
      LOGIN_SLOWDOWN_AFTER_FAILURES_PER_ADDRESS: env.int({ default: 50, min: 0, max: 100000 }),
      LOGIN_SLOWDOWN_BASE_MS: env.int({ default: 250, min: 0, max: 10000 }),
      LOGIN_SLOWDOWN_MAX_MS: env.int({ default: 10000, min: 0, max: 60000 }),
      LOGIN_FAILURE_WINDOW_SECONDS: env.int({ default: 900, min: 1, max: 86400 }),
      LOGIN_LOCKOUT_SECONDS: env.int({ default: 900, min: 1, max: 86400 }),
      ARGON2_MEMORY_KIB: env.int({ default: 19456, min: 1024, max: 1048576 }),
      ARGON2_TIME_COST: env.int({ default: 2, min: 1, max: 20 }),
      ARGON2_PARALLELISM: env.int({ default: 1, min: 1, max: 16 }),
      GRAPHQL_INTROSPECTION: env.optionalString(),
      IDENTITY_DB_POOL_SIZE: env.int({ default: 10, min: 1, max: 100 }),
      KAFKA_BROKERS: env.optionalString(),
      KAFKA_TOPIC_PREFIX: env.optionalString(),
    },
    source,
  );
  const introspection = readEnv({ GRAPHQL_INTROSPECTION: env.bool({ default: raw.NODE_ENV !== 'production' }) }, source);
  return {
    nodeEnv: raw.NODE_ENV as IdentityConfig['nodeEnv'],
    host: raw.IDENTITY_HOST,
    port: raw.IDENTITY_PORT,
    logLevel: raw.LOG_LEVEL as string,
    databaseUrl: raw.IDENTITY_DATABASE_URL,
    migrateOnStart: raw.IDENTITY_MIGRATE_ON_START,
    gatewaySecrets: [raw.GATEWAY_SUBGRAPH_SECRET, ...(raw.GATEWAY_SUBGRAPH_SECRET_PREVIOUS ? [raw.GATEWAY_SUBGRAPH_SECRET_PREVIOUS] : [])],
    jwtPrivateKey: raw.JWT_PRIVATE_KEY,
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: raw.REFRESH_TOKEN_TTL_SECONDS,
    refreshReuseGraceSeconds: raw.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
    sessionMaxAgeSeconds: raw.SESSION_MAX_AGE_SECONDS,
    passwordSetupTtlSeconds: raw.PASSWORD_SETUP_TTL_SECONDS,
    passwordMinStrength: raw.PASSWORD_MIN_STRENGTH as IdentityConfig['passwordMinStrength'],
    login: {
      maxFailuresPerAccountAndAddress: raw.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
      maxFailuresPerAccount: raw.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      addressSlowdownAfterFailures: raw.LOGIN_SLOWDOWN_AFTER_FAILURES_PER_ADDRESS,
      slowdownBaseMs: raw.LOGIN_SLOWDOWN_BASE_MS,
      slowdownMaxMs: raw.LOGIN_SLOWDOWN_MAX_MS,
      failureWindowSeconds: raw.LOGIN_FAILURE_WINDOW_SECONDS,
      lockoutSeconds: raw.LOGIN_LOCKOUT_SECONDS,
    },
    argon2: { memoryKiB: raw.ARGON2_MEMORY_KIB, timeCost: raw.ARGON2_TIME_COST, parallelism: raw.ARGON2_PARALLELISM },
    introspection: introspection.GRAPHQL_INTROSPECTION,
    dbPoolSize: raw.IDENTITY_DB_POOL_SIZE,
    kafkaBrokers: (raw.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter(Boolean),
    kafkaTopicPrefix: raw.KAFKA_TOPIC_PREFIX ?? '',
  };
}

export const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');
