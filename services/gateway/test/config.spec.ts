import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from '@sla-desk/runtime';
import { loadGatewayConfig } from '../src/config';

const testKeys = () => ({
  publicKeyPem: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
});

const valid = () => ({ JWT_PUBLIC_KEY: testKeys().publicKeyPem, GATEWAY_SUBGRAPH_SECRET: 's'.repeat(32) });

it('names every bad variable', () => {
  let error: unknown;
  try {
    loadGatewayConfig({
      GATEWAY_PORT: 'eighty',
      JWT_PUBLIC_KEY: 'nope',
      GATEWAY_SUBGRAPH_SECRET: 'short',
      SUBGRAPH_IDENTITY_URL: 'ftp://x',
    });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems).toEqual([
    'GATEWAY_PORT: must be an integer between 0 and 65535 (got "eighty")',
    'JWT_PUBLIC_KEY: must be a PEM "PUBLIC KEY" (-----BEGIN PUBLIC KEY----- … -----END PUBLIC KEY-----)',
    'GATEWAY_SUBGRAPH_SECRET: must be at least 32 characters long',
  ]);
  expect(() => loadGatewayConfig({ ...valid(), SUBGRAPH_IDENTITY_URL: 'ftp://x' })).toThrow(
    'SUBGRAPH_IDENTITY_URL: must be a http or https URL',
  );
});

it('defaults: introspection and Sandbox in development only', () => {
  const dev = loadGatewayConfig({ ...valid(), SUBGRAPH_IDENTITY_URL: 'http://127.0.0.1:4001/graphql' });
  expect(dev).toMatchObject({
    port: 4000,
    introspection: true,
    landingPage: true,
    subgraphUrls: { identity: 'http://127.0.0.1:4001/graphql' },
  });
  const prod = loadGatewayConfig({ ...valid(), NODE_ENV: 'production' });
  expect(prod).toMatchObject({ introspection: false, landingPage: false });
});

it('reads the CORS allow-list: bare origins only', () => {
  expect(loadGatewayConfig(valid()).corsOrigins).toEqual([]);
  const config = loadGatewayConfig({ ...valid(), GATEWAY_CORS_ORIGINS: 'https://portal.example.com, http://localhost:5173' });
  expect(config.corsOrigins).toEqual(['https://portal.example.com', 'http://localhost:5173']);
  for (const bad of ['https://portal.example.com/', 'portal.example.com', '*', 'https://portal.example.com/app']) {
    expect(() => loadGatewayConfig({ ...valid(), GATEWAY_CORS_ORIGINS: bad })).toThrow('GATEWAY_CORS_ORIGINS');
  }
});

it('reads trusted proxies: a hop count or addresses, never "trust everyone"', () => {
  const trust = (value: string) => loadGatewayConfig({ ...valid(), GATEWAY_TRUST_PROXY: value }).trustProxy;
  expect(loadGatewayConfig(valid()).trustProxy).toBe(false);
  expect(trust('false')).toBe(false);
  expect(trust('1')).toBe(1);
  expect(trust('loopback, 10.0.0.0/8, 2001:db8::1')).toBe('loopback,10.0.0.0/8,2001:db8::1');
  for (const bad of ['true', 'proxy.example.com', '10.0.0.0/33', '10.0.0.300']) {
    expect(() => trust(bad)).toThrow('GATEWAY_TRUST_PROXY');
  }
});
