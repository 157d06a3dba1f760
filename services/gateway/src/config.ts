// Gateway configuration, from the environment, validated at start.
import { DEFAULT_QUERY_LIMITS, env, MIN_SECRET_LENGTH, readEnv, type QueryLimits } from '@sla-desk/auth';

export interface GatewayConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  jwtPublicKey: string;
  gatewaySecret: string;
  /** Subgraph URL overrides by subgraph name (SUBGRAPH_<NAME>_URL), else the supergraph's. */
  subgraphUrls: Record<string, string>;
  introspection: boolean;
  /** Apollo Sandbox landing page (development only by default). */
  landingPage: boolean;
  /** Express "trust proxy": false (the socket's address is the client's), or a hop count / subnet list. */
  trustProxy: boolean | number | string;
  maxBody: string;
  maxTokens: number;
  limits: QueryLimits;
}

const SUBGRAPH_URL = /^SUBGRAPH_([A-Z0-9_]+)_URL$/;

export function loadGatewayConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
  const raw = readEnv(
    {
      NODE_ENV: env.oneOf(['development', 'production', 'test'] as const, { default: 'development' }),
      GATEWAY_HOST: env.string({ default: '127.0.0.1' }),
      GATEWAY_PORT: env.port({ default: 4000 }),
      LOG_LEVEL: env.oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const, { default: 'info' }),
      JWT_PUBLIC_KEY: env.pem('PUBLIC KEY'),
      GATEWAY_SUBGRAPH_SECRET: env.string({ minLength: MIN_SECRET_LENGTH }),
      GATEWAY_TRUST_PROXY: env.optionalString(),
      GATEWAY_MAX_BODY: env.string({ default: '64kb' }),
      QUERY_MAX_TOKENS: env.int({ default: 2000, min: 100, max: 100000 }),
      QUERY_MAX_DEPTH: env.int({ default: DEFAULT_QUERY_LIMITS.maxDepth, min: 2, max: 100 }),
      QUERY_MAX_COST: env.int({ default: DEFAULT_QUERY_LIMITS.maxCost, min: 10, max: 10_000_000 }),
      QUERY_MAX_ALIASES: env.int({ default: DEFAULT_QUERY_LIMITS.maxAliases, min: 0, max: 10000 }),
    },
    source,
  );
  const isProduction = raw.NODE_ENV === 'production';
  const flags = readEnv(
    {
      GRAPHQL_INTROSPECTION: env.bool({ default: !isProduction }),
      GRAPHQL_LANDING_PAGE: env.bool({ default: !isProduction }),
    },
    source,
  );
  const subgraphUrls: Record<string, string> = {};
  const problems: Record<string, ReturnType<typeof env.url>> = {};
  for (const name of Object.keys(source)) {
    const match = SUBGRAPH_URL.exec(name);
    if (match) problems[name] = env.url({ protocols: ['http', 'https'] });
  }
  const urls = readEnv(problems, source);
  for (const [name, url] of Object.entries(urls)) subgraphUrls[SUBGRAPH_URL.exec(name)![1]!.toLowerCase()] = url as string;

  let trustProxy: GatewayConfig['trustProxy'] = false;
  const tp = raw.GATEWAY_TRUST_PROXY?.trim();
  if (tp === 'true') trustProxy = true;
  else if (tp && /^\d+$/.test(tp)) trustProxy = Number(tp);
  else if (tp && tp !== 'false') trustProxy = tp;

  return {
    nodeEnv: raw.NODE_ENV as GatewayConfig['nodeEnv'],
    host: raw.GATEWAY_HOST,
    port: raw.GATEWAY_PORT,
    logLevel: raw.LOG_LEVEL as string,
    jwtPublicKey: raw.JWT_PUBLIC_KEY,
    gatewaySecret: raw.GATEWAY_SUBGRAPH_SECRET,
    subgraphUrls,
    introspection: flags.GRAPHQL_INTROSPECTION,
    landingPage: flags.GRAPHQL_LANDING_PAGE,
    trustProxy,
    maxBody: raw.GATEWAY_MAX_BODY,
    maxTokens: raw.QUERY_MAX_TOKENS,
    limits: { maxDepth: raw.QUERY_MAX_DEPTH, maxCost: raw.QUERY_MAX_COST, maxAliases: raw.QUERY_MAX_ALIASES },
  };
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
