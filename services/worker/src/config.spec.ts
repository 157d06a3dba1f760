import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SLA_DESK_TASK_QUEUE } from '@sla-desk/workflow-api';
import { ConfigError } from '@sla-desk/runtime';
import { describeConfig, readWorkerConfig } from './config';

const valid = {
  TEMPORAL_ADDRESS: 'temporal.internal:7233',
  KAFKA_BROKERS: 'k1:9092, k2:9092',
  TICKETS_DATABASE_URL: 'postgresql://worker:secret@db:5432/tickets',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    readWorkerConfig(env, { repoRoot: null });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return [...(e as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('readWorkerConfig', () => {
  it('reads a complete configuration with defaults', () => {
    const c = readWorkerConfig(valid, { repoRoot: null });
    expect(c.temporal).toEqual({ address: 'temporal.internal:7233', namespace: 'default', taskQueue: SLA_DESK_TASK_QUEUE });
    expect(c.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(c.kafka.topics).toMatchObject({ prefix: '', defaults: { partitions: 6, replicationFactor: 1 } });
    expect(c.ticketsDatabaseUrl).toBe(valid.TICKETS_DATABASE_URL);
    expect(c).toMatchObject({
      shutdownGraceMs: 10_000,
      maxCachedWorkflows: 1000,
      stickyTimeoutMs: 30_000,
      logLevel: 'info',
      fromStackEnv: [],
    });
    expect(JSON.stringify(describeConfig(c))).not.toContain('secret');
  });

  it('takes terms from contracts and releases from the catalog when their URLs are set, signed with the gateway secret', () => {
    expect(readWorkerConfig(valid, { repoRoot: null })).not.toHaveProperty('contracts');
    const secret = 's'.repeat(40);
    const c = readWorkerConfig(
      {
        ...valid,
        WORKER_CONTRACTS_URL: 'http://contracts:4003/graphql',
        WORKER_CATALOG_URL: 'http://catalog:4002/graphql',
        GATEWAY_SUBGRAPH_SECRET: secret,
      },
      { repoRoot: null },
    );
    expect(c.contracts).toEqual({ url: 'http://contracts:4003/graphql', secret });
    expect(c.catalog).toEqual({ url: 'http://catalog:4002/graphql', secret });
    expect(JSON.stringify(describeConfig(c))).not.toContain(secret);
    expect(problemsOf({ ...valid, WORKER_CONTRACTS_URL: 'http://contracts:4003/graphql' })).toEqual([
      expect.stringMatching(/^GATEWAY_SUBGRAPH_SECRET: is required with WORKER_CONTRACTS_URL/),
    ]);
    expect(problemsOf({ ...valid, WORKER_CATALOG_URL: 'ftp://catalog' })[0]).toMatch(/^WORKER_CATALOG_URL: must be a http or https URL/);
  });

  it('serves /health only when WORKER_HEALTH_PORT is set', () => {
    expect(readWorkerConfig(valid, { repoRoot: null }).health).toBeUndefined();
    const c = readWorkerConfig({ ...valid, WORKER_HEALTH_HOST: '0.0.0.0', WORKER_HEALTH_PORT: '8080' }, { repoRoot: null });
    expect(c.health).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(problemsOf({ ...valid, WORKER_HEALTH_PORT: '0' })).toEqual([
      'WORKER_HEALTH_PORT: must be an integer between 1 and 65535 (got "0")',
    ]);
  });

  it('reads Temporal TLS settings and names unreadable certificate files', () => {
    expect(readWorkerConfig({ ...valid, TEMPORAL_TLS: 'true' }, { repoRoot: null }).temporal.tls).toEqual({});
    expect(problemsOf({ ...valid, TEMPORAL_TLS_CERT_FILE: '/nonexistent/tls.crt', TEMPORAL_TLS_KEY_FILE: '/nonexistent/tls.key' })).toEqual(
      [
        'TEMPORAL_TLS_CERT_FILE: cannot read /nonexistent/tls.crt (ENOENT)',
        'TEMPORAL_TLS_KEY_FILE: cannot read /nonexistent/tls.key (ENOENT)',
      ],
    );
  });

  it('builds the tickets URL from DATABASE_URL_BASE', () => {
    const { TICKETS_DATABASE_URL: _t, ...rest } = valid;
    const c = readWorkerConfig({ ...rest, DATABASE_URL_BASE: 'postgresql://u:p@127.0.0.1:55432/' }, { repoRoot: null });
    expect(c.ticketsDatabaseUrl).toBe('postgresql://u:p@127.0.0.1:55432/tickets');
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      TEMPORAL_ADDRESS: 'localhost',
      KAFKA_BROKERS: 'k1:9092,k2',
      TICKETS_DATABASE_URL: 'mysql://u:hunter2@db/tickets',
      KAFKA_TOPIC_PARTITIONS: 'many',
      WORKER_SHUTDOWN_GRACE_SECONDS: '-1',
      LOG_LEVEL: 'verbose',
      TEMPORAL_NAMESPACE: 'bad namespace',
      WORKER_MAX_CACHED_WORKFLOWS: 'lots',
      WORKER_STICKY_TIMEOUT_SECONDS: '0',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'TEMPORAL_ADDRESS',
        'TEMPORAL_NAMESPACE',
        'KAFKA_BROKERS',
        'KAFKA_TOPIC_PARTITIONS',
        'TICKETS_DATABASE_URL',
        'WORKER_SHUTDOWN_GRACE_SECONDS',
        'WORKER_MAX_CACHED_WORKFLOWS',
        'WORKER_STICKY_TIMEOUT_SECONDS',
        'LOG_LEVEL',
      ].sort(),
    );
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('says what is missing, and where it could come from', () => {
    const problems = problemsOf({});
    expect(problems).toEqual([
      expect.stringMatching(/^TEMPORAL_ADDRESS: is required.*npm run up/),
      expect.stringMatching(/^KAFKA_BROKERS: is required/),
      expect.stringMatching(/^TICKETS_DATABASE_URL: is required \(or DATABASE_URL_BASE/),
    ]);
    expect(problems[0]).toBe('TEMPORAL_ADDRESS: is required, e.g. 127.0.0.1:7233 (or run `npm run up`, which writes .local/stack.env)');
    expect(() => readWorkerConfig({ NODE_ENV: 'production' })).toThrow(/TEMPORAL_ADDRESS: is required, e\.g\. 127\.0\.0\.1:7233\n/);
  });

  it('takes unset addresses from the local stack.env outside production, and says which', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'worker-config-'));
    writeFileSync(
      path.join(home, 'stack.env'),
      '# comment\nTEMPORAL_ADDRESS=127.0.0.1:7233\nKAFKA_BROKERS=127.0.0.1:9092\nDATABASE_URL_BASE=postgresql://sladesk:sladesk@127.0.0.1:55432\n',
    );
    const c = readWorkerConfig({ SLA_DESK_HOME: home, KAFKA_BROKERS: 'other:9092' });
    expect(c.temporal.address).toBe('127.0.0.1:7233');
    expect(c.kafka.brokers).toEqual(['other:9092']);
    expect(c.ticketsDatabaseUrl).toBe('postgresql://sladesk:sladesk@127.0.0.1:55432/tickets');
    expect(c.fromStackEnv).toEqual(['TEMPORAL_ADDRESS', 'DATABASE_URL_BASE']);
    // Production never reads it, unless it is named explicitly.
    expect(() => readWorkerConfig({ SLA_DESK_HOME: home, NODE_ENV: 'production' })).toThrow(ConfigError);
    const explicit = readWorkerConfig({ NODE_ENV: 'production' }, { stackEnvFile: path.join(home, 'stack.env') });
    expect(explicit.fromStackEnv).toEqual(['TEMPORAL_ADDRESS', 'KAFKA_BROKERS', 'DATABASE_URL_BASE']);
    expect(() => readWorkerConfig({}, { stackEnvFile: path.join(home, 'missing.env') })).toThrow(
      /--stack-env: .*missing\.env does not exist/,
    );
  });
});
