import { ConfigError, env, readEnv } from './env';

describe('readEnv', () => {
  const spec = {
    PORT: env.port({ default: 4001 }),
    SECRET: env.string({ minLength: 32 }),
    MODE: env.oneOf(['development', 'production'] as const, { default: 'development' }),
    DEBUG: env.bool({ default: false }),
  };

  it('reads values and defaults', () => {
    expect(readEnv(spec, { SECRET: 'x'.repeat(32), DEBUG: 'yes' })).toEqual({
      PORT: 4001,
      SECRET: 'x'.repeat(32),
      MODE: 'development',
      DEBUG: true,
    });
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      readEnv(spec, { PORT: 'http', SECRET: 'short', MODE: 'staging' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT: must be an integer between 0 and 65535 (got "http")',
      'SECRET: must be at least 32 characters long',
      'MODE: must be one of development, production (got "staging")',
    ]);
    expect((error as Error).message).toContain('Invalid configuration:\n  - PORT');
  });
});
