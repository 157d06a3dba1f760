import { ConfigError, env, readEnv } from './env';
import { EXIT_CONFIG, runMain } from './main';

describe('runMain', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('exits 78 with one log line naming every bad variable', async () => {
    const lines: string[] = [];
    const code = await runMain(
      'svc',
      async () => {
        readEnv({ PORT: env.port(), BROKERS: env.hostPorts() }, { PORT: 'http', BROKERS: 'kafka' });
      },
      (l) => lines.push(l),
    );
    expect(code).toBe(EXIT_CONFIG);
    expect(process.exitCode).toBe(78);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      name: 'svc',
      msg: 'Invalid configuration',
      problems: ['PORT: must be an integer between 0 and 65535 (got "http")', 'BROKERS: "kafka" is not host:port'],
    });
  });

  it('exits 1 on any other failure and with the result otherwise', async () => {
    const lines: string[] = [];
    expect(
      await runMain(
        'svc',
        async () => Promise.reject(new Error('no database')),
        (l) => lines.push(l),
      ),
    ).toBe(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'Failed', err: { message: 'no database' } });
    expect(await runMain('svc', async () => 0)).toBe(0);
    expect(await runMain('svc', async () => 130)).toBe(130);
  });

  it('keeps ConfigError problems as given', () => {
    expect(new ConfigError(['A: is required']).message).toBe('Invalid configuration:\n  - A: is required');
  });
});
