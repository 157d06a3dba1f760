// Gateway configuration, from the environment, validated at start.
import { MIN_SECRET_LENGTH } from '@sla-desk/auth';
import { env, readEnv } from '@sla-desk/runtime';
import { GATEWAY_QUERY_LIMITS, isWebOrigin, readServiceEnv, type QueryLimits, type ServiceConfig } from '@sla-desk/subgraph';

export interface GatewayConfig extends ServiceConfig {
  jwtPublicKey: string;
  gatewaySecret: string;
  /** Subgraph URL overrides by subgraph name (SUBGRAPH_<NAME>_URL), else the supergraph's. */
  subgraphUrls: Record<string, string>;
  introspection: boolean;
  /** Apollo Sandbox landing page (development only by default). */
  landingPage: boolean;
  /** Express "trust proxy": false (the socket's address is the client's), or a hop count / subnet list. */
  trustProxy: boolean | number | string;
  /** Browser origins (the portal's) allowed to call the API: CORS. */
  corsOrigins: string[];
  maxBody: string;
  limits: QueryLimits;
}

export const GATEWAY_DEFAULT_PORT = 4000;

const SUBGRAPH_URL = /^SUBGRAPH_([A-Z0-9_]+)_URL$/;

export function loadGatewayConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
  const { service, raw } = readServiceEnv(
    'gateway',
    GATEWAY_DEFAULT_PORT,
    source,
    {
      JWT_PUBLIC_KEY: env.pem('PUBLIC KEY'),
      GATEWAY_SUBGRAPH_SECRET: env.string({ minLength: MIN_SECRET_LENGTH }),
      GATEWAY_TRUST_PROXY: env.optionalString(),
      GATEWAY_CORS_ORIGINS: env.list({ default: [], check: (item) => (isWebOrigin(item) ? undefined : 'is not an origin (scheme://host[:port])') }),
      GATEWAY_MAX_BODY: env.string({ default: '64kb' }),
      QUERY_MAX_TOKENS: env.int({ default: GATEWAY_QUERY_LIMITS.maxTokens, min: 100, max: 100000 }),
      QUERY_MAX_DEPTH: env.int({ default: GATEWAY_QUERY_LIMITS.maxDepth, min: 2, max: 100 }),
      QUERY_MAX_COST: env.int({ default: GATEWAY_QUERY_LIMITS.maxCost, min: 10, max: 10_000_000 }),
      QUERY_MAX_ALIASES: env.int({ default: GATEWAY_QUERY_LIMITS.maxAliases, min: 0, max: 10000 }),
      QUERY_MAX_DIRECTIVES: env.int({ default: GATEWAY_QUERY_LIMITS.maxDirectives, min: 0, max: 1000 }),
    },
  );
  const isProduction = service.nodeEnv === 'production';
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
    ...service,
    jwtPublicKey: raw.JWT_PUBLIC_KEY,
    gatewaySecret: raw.GATEWAY_SUBGRAPH_SECRET,
    subgraphUrls,
    introspection: flags.GRAPHQL_INTROSPECTION,
    landingPage: flags.GRAPHQL_LANDING_PAGE,
    trustProxy,
    corsOrigins: raw.GATEWAY_CORS_ORIGINS,
    maxBody: raw.GATEWAY_MAX_BODY,
    limits: {
      maxDepth: raw.QUERY_MAX_DEPTH,
      maxCost: raw.QUERY_MAX_COST,
      maxAliases: raw.QUERY_MAX_ALIASES,
      maxDirectives: raw.QUERY_MAX_DIRECTIVES,
      maxTokens: raw.QUERY_MAX_TOKENS,
    },
  };
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
