import { ConfigError, env } from '@sla-desk/runtime';
import { envPrefix, loadMigrateConfig, loadSubgraphConfig, readServiceEnv } from './config';

const base = { CATALOG_DATABASE_URL: 'postgresql://u:p@db:5432/catalog', GATEWAY_SUBGRAPH_SECRET: 's'.repeat(32) };

describe('subgraph configuration', () => {
  it('reads the base variables under the service prefix, with defaults', () => {
    const config = loadSubgraphConfig('catalog', 4002, base);
    expect(config).toEqual({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 4002,
      logLevel: 'info',
      databaseUrl: base.CATALOG_DATABASE_URL,
      dbPoolSize: 10,
      migrateOnStart: true,
      gatewaySecrets: ['s'.repeat(32)],
      introspection: true,
      kafkaBrokers: [],
      kafkaTopicPrefix: '',
    });
    expect(envPrefix('service-desk')).toBe('SERVICE_DESK');
  });

  it('keeps the previous gateway secret for rotation and turns introspection off in production', () => {
    const config = loadSubgraphConfig('catalog', 4002, {
      ...base,
      NODE_ENV: 'production',
      GATEWAY_SUBGRAPH_SECRET_PREVIOUS: 'o'.repeat(32),
      KAFKA_BROKERS: 'k1:9092, k2:9092',
    });
    expect(config).toMatchObject({
      gatewaySecrets: ['s'.repeat(32), 'o'.repeat(32)],
      introspection: false,
      kafkaBrokers: ['k1:9092', 'k2:9092'],
    });
  });

  it("names every bad variable at once, the service's own included", () => {
    const read = () =>
      loadSubgraphConfig(
        'catalog',
        4002,
        { CATALOG_PORT: 'x', KAFKA_BROKERS: 'kafka', UPLOAD_LIMIT: 'big' },
        {
          spec: { UPLOAD_LIMIT: env.int({ min: 1 }) },
          build: (raw) => ({ uploadLimit: raw.UPLOAD_LIMIT }),
        },
      );
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual([
        'CATALOG_PORT',
        'CATALOG_DATABASE_URL',
        'GATEWAY_SUBGRAPH_SECRET',
        'KAFKA_BROKERS',
        'UPLOAD_LIMIT',
      ]);
    }
  });

  it('gives a service its own fields', () => {
    const { service, raw } = readServiceEnv('gateway', 4000, { GATEWAY_PORT: '8080', MAX: '3' }, { MAX: env.int() });
    expect(service.port).toBe(8080);
    expect(raw.MAX).toBe(3);
  });
});

describe('migrate configuration', () => {
  it('needs only the database URL: no gateway secret, no service variables', () => {
    expect(loadMigrateConfig('contracts', { CONTRACTS_DATABASE_URL: 'postgresql://u:p@db:5432/contracts' })).toEqual({
      databaseUrl: 'postgresql://u:p@db:5432/contracts',
      logLevel: 'info',
    });
  });

  it('names a missing or bad database URL', () => {
    expect(() => loadMigrateConfig('contracts', {})).toThrow('CONTRACTS_DATABASE_URL: is required');
    expect(() => loadMigrateConfig('contracts', { CONTRACTS_DATABASE_URL: 'mysql://db/contracts' })).toThrow(
      'CONTRACTS_DATABASE_URL: must be a postgresql or postgres URL',
    );
  });
});
