import { startHealthServer, type HealthServer } from './health';

describe('startHealthServer', () => {
  let state = 'INITIALIZED';
  let server: HealthServer;
  const get = (path: string, method = 'GET') => fetch(`http://127.0.0.1:${server.port}${path}`, { method });

  beforeAll(async () => {
    server = await startHealthServer({ host: '127.0.0.1', port: 0, state: () => state });
  });
  afterAll(() => server.close());

  it('answers 503 with the state until the worker runs', async () => {
    const res = await get('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', service: 'worker', state: 'INITIALIZED' });
  });

  it('answers 200 while the worker is RUNNING', async () => {
    state = 'RUNNING';
    const res = await get('/health?probe=liveness');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'worker', state: 'RUNNING' });
  });

  it('answers 503 again once the worker stops', async () => {
    state = 'STOPPING';
    expect((await get('/health')).status).toBe(503);
  });

  it('serves nothing else', async () => {
    expect((await get('/')).status).toBe(404);
    expect((await get('/health', 'POST')).status).toBe(404);
  });
});
