// Identity service configuration, from the environment, validated at start.
import { generateKeyPairSync } from 'node:crypto';
import { env } from '@sla-desk/runtime';
import { loadSubgraphConfig, offlineSubgraphConfig, SUBGRAPH_CONFIG, type SubgraphConfig } from '@sla-desk/subgraph';

export interface IdentityConfig extends SubgraphConfig {
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
}

const IDENTITY_ENV = {
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
};

type IdentityEnv = { [K in keyof typeof IDENTITY_ENV]: ReturnType<(typeof IDENTITY_ENV)[K]['read']> };

function identityFields(raw: IdentityEnv): Omit<IdentityConfig, keyof SubgraphConfig> {
  return {
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
  };
}

/** The identity subgraph's port unless IDENTITY_PORT says otherwise. */
export const IDENTITY_DEFAULT_PORT = 4001;

export function loadIdentityConfig(source: Record<string, string | undefined> = process.env): IdentityConfig {
  return loadSubgraphConfig('identity', IDENTITY_DEFAULT_PORT, source, { spec: IDENTITY_ENV, build: identityFields });
}

/** For printing the schema offline: a throwaway signing key, cheap hashing. */
export function offlineIdentityConfig(): IdentityConfig {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    ...offlineSubgraphConfig('identity'),
    jwtPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    accessTokenTtlSeconds: 300,
    refreshTokenTtlSeconds: 3600,
    refreshReuseGraceSeconds: 30,
    sessionMaxAgeSeconds: 3600,
    passwordSetupTtlSeconds: 3600,
    passwordMinStrength: 3,
    login: {
      maxFailuresPerAccountAndAddress: 5,
      maxFailuresPerAccount: 20,
      addressSlowdownAfterFailures: 50,
      slowdownBaseMs: 250,
      slowdownMaxMs: 10000,
      failureWindowSeconds: 900,
      lockoutSeconds: 900,
    },
    argon2: { memoryKiB: 1024, timeCost: 1, parallelism: 1 },
  };
}

/** The running configuration, for injection (the kit's SUBGRAPH_CONFIG, typed here as IdentityConfig). */
export const IDENTITY_CONFIG = SUBGRAPH_CONFIG;
