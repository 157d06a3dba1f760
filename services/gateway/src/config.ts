// Gateway configuration, from the environment, validated at start.
import { isIP } from 'node:net';
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
  /** Express "trust proxy": false (the socket's address is the client's), or a hop count / address list. */
  trustProxy: false | number | string;
  /** Browser origins (the portal's) allowed to call the API: CORS. */
  corsOrigins: string[];
  maxBody: string;
  limits: QueryLimits;
}

export const GATEWAY_DEFAULT_PORT = 4000;

const SUBGRAPH_URL = /^SUBGRAPH_([A-Z0-9_]+)_URL$/;

/** Express's names for address ranges. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * One GATEWAY_TRUST_PROXY entry: a hop count, or a proxy's address, subnet or range name. Never "true": Express would
 * then take the left-most X-Forwarded-For entry, which is whatever the client wrote.
 */
function trustProxyProblem(item: string): string | undefined {
  if (item === 'true') return 'would believe any X-Forwarded-For a client writes: give the number of proxies or their addresses';
  if (item === 'false' || /^\d{1,2}$/.test(item) || PROXY_RANGES.has(item)) return undefined;
  const [address = '', prefix, ...rest] = item.split('/');
  const bits = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : 0;
  const validPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
  return bits > 0 && validPrefix && rest.length === 0
    ? undefined
    : 'is not a hop count, an IP address, a subnet or loopback/linklocal/uniquelocal';
}

function trustProxySetting(items: string[]): GatewayConfig['trustProxy'] {
  if (items.length === 0 || (items.length === 1 && items[0] === 'false')) return false;
  if (items.length === 1 && /^\d+$/.test(items[0]!)) return Number(items[0]);
  return items.join(',');
}

export function loadGatewayConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
  const { service, raw } = readServiceEnv('gateway', GATEWAY_DEFAULT_PORT, source, {
    JWT_PUBLIC_KEY: env.pem('PUBLIC KEY'),
    GATEWAY_SUBGRAPH_SECRET: env.string({ minLength: MIN_SECRET_LENGTH }),
    GATEWAY_TRUST_PROXY: env.list({ default: [], check: trustProxyProblem }),
    GATEWAY_CORS_ORIGINS: env.list({
      default: [],
      check: (item) => (isWebOrigin(item) ? undefined : 'is not an origin (scheme://host[:port])'),
    }),
    GATEWAY_MAX_BODY: env.string({ default: '64kb' }),
    QUERY_MAX_TOKENS: env.int({ default: GATEWAY_QUERY_LIMITS.maxTokens, min: 100, max: 100000 }),
    QUERY_MAX_DEPTH: env.int({ default: GATEWAY_QUERY_LIMITS.maxDepth, min: 2, max: 100 }),
    QUERY_MAX_COST: env.int({ default: GATEWAY_QUERY_LIMITS.maxCost, min: 10, max: 10_000_000 }),
    QUERY_MAX_ALIASES: env.int({ default: GATEWAY_QUERY_LIMITS.maxAliases, min: 0, max: 10000 }),
    QUERY_MAX_DIRECTIVES: env.int({ default: GATEWAY_QUERY_LIMITS.maxDirectives, min: 0, max: 1000 }),
  });
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

  return {
    ...service,
    jwtPublicKey: raw.JWT_PUBLIC_KEY,
    gatewaySecret: raw.GATEWAY_SUBGRAPH_SECRET,
    subgraphUrls,
    introspection: flags.GRAPHQL_INTROSPECTION,
    landingPage: flags.GRAPHQL_LANDING_PAGE,
    trustProxy: trustProxySetting(raw.GATEWAY_TRUST_PROXY),
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
