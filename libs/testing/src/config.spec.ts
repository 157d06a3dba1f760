import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databaseUrl, findRepoRoot, parseEnvFile, redactUrl, stackConfig } from './config';

describe('parseEnvFile', () => {
  it('reads KEY=value lines, ignoring comments and blank lines, unquoting values', () => {
    const text = ['# comment', '', 'A=1', 'export B=two words', "C='quoted value'", 'D="x=y"', 'not a line', 'E='].join('\n');
    expect(parseEnvFile(text)).toEqual({ A: '1', B: 'two words', C: 'quoted value', D: 'x=y', E: '' });
  });
});

describe('stackConfig', () => {
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'sla-desk-testing-'));
    writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'sla-desk' }));
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  it('falls back to the deploy/local defaults when there is no stack.env', () => {
    const config = stackConfig({ env: {}, repoRoot: repo });
    expect(config).toEqual({
      home: path.join(repo, '.local'),
      temporalAddress: '127.0.0.1:7233',
      temporalNamespace: 'default',
      temporalUiUrl: 'http://127.0.0.1:8233',
      kafkaBrokers: ['127.0.0.1:9092'],
      databaseUrlBase: 'postgresql://sladesk:sladesk@127.0.0.1:55432',
      temporalTestServerPath: path.join(repo, '.local/bin/temporal-test-server'),
      temporalCliPath: path.join(repo, '.local/bin/temporal'),
    });
  });

  it('reads <home>/stack.env, and the environment wins over it', () => {
    const home = path.join(repo, 'state');
    mkdirSync(home);
    writeFileSync(
      path.join(home, 'stack.env'),
      'KAFKA_BROKERS=10.0.0.1:9092, 10.0.0.2:9092\nDATABASE_URL_BASE=postgresql://u:p@db:5432/\nTEMPORAL_ADDRESS=file:7233\n',
    );
    const config = stackConfig({ env: { SLA_DESK_HOME: 'state', TEMPORAL_ADDRESS: 'env:7233' }, repoRoot: repo });
    expect(config.home).toBe(home);
    expect(config.temporalAddress).toBe('env:7233');
    expect(config.kafkaBrokers).toEqual(['10.0.0.1:9092', '10.0.0.2:9092']);
    expect(config.databaseUrlBase).toBe('postgresql://u:p@db:5432');
    expect(databaseUrl('tickets', config)).toBe('postgresql://u:p@db:5432/tickets');
    expect(config.temporalTestServerPath).toBe(path.join(home, 'bin/temporal-test-server'));
  });
});

describe('findRepoRoot', () => {
  it('finds this repository from the library folder', () => {
    const root = findRepoRoot(__dirname);
    expect(path.relative(root, __dirname)).toBe(path.join('libs', 'testing', 'src'));
  });
});

describe('redactUrl', () => {
  it('masks the password', () => {
    expect(redactUrl('postgresql://sladesk:secret@127.0.0.1:55432/x')).toBe('postgresql://sladesk:***@127.0.0.1:55432/x');
  });
});
