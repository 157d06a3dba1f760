// Without a stack: every helper must fail loudly, naming the component, the address and `npm run up`.
import { createServer } from 'node:net';
import path from 'node:path';
import { stackConfig, type StackConfig } from './config';
import {
  StackUnavailableError,
  requireKafka,
  requirePostgres,
  requireTemporal,
  requireTestServer,
  timeSkippingTestEnv,
  uniqueName,
} from './stack';

/** A TCP port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('helpers fail loudly when the stack is missing', () => {
  let config: StackConfig;
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
    config = {
      ...stackConfig({ env: {} }),
      temporalAddress: `127.0.0.1:${port}`,
      kafkaBrokers: [`127.0.0.1:${port}`],
      databaseUrlBase: `postgresql://sladesk:sladesk@127.0.0.1:${port}`,
      temporalTestServerPath: path.join(__dirname, 'no-such-test-server'),
    };
  });

  it('requireKafka', async () => {
    const err = await requireKafka({ config }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackUnavailableError);
    expect((err as Error).message).toContain(`Kafka is not reachable at 127.0.0.1:${port} — run \`npm run up\``);
  });

  it('requirePostgres (without the password in the message)', async () => {
    const err = await requirePostgres('sladesk_test', config).catch((e: unknown) => e);
    expect((err as Error).message).toContain(
      `PostgreSQL is not reachable at postgresql://sladesk:***@127.0.0.1:${port}/sladesk_test — run \`npm run up\``,
    );
  });

  it('requireTemporal', async () => {
    const err = await requireTemporal(config).catch((e: unknown) => e);
    expect((err as Error).message).toContain(`is not reachable at 127.0.0.1:${port} — run \`npm run up\``);
  });

  it('requireTestServer and timeSkippingTestEnv never download: a missing binary is an error', async () => {
    expect(() => requireTestServer(config)).toThrow(/test server is not installed at .*no-such-test-server — run `npm run up`/);
    await expect(timeSkippingTestEnv({}, config)).rejects.toThrow(StackUnavailableError);
  });
});

describe('uniqueName', () => {
  it('is unique and safe for topics and database names', () => {
    const a = uniqueName('Smoke Topic!');
    expect(a).toMatch(/^smoke_topic_[a-z0-9]+_[0-9a-f]{8}$/);
    expect(uniqueName('Smoke Topic!')).not.toBe(a);
  });
});
