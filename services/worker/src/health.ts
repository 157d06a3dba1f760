// GET /health for Kubernetes probes (the worker serves nothing else over HTTP): 200 while the Temporal worker is
// RUNNING (polling; the SDK reconnects by itself when Temporal is away, so that is no reason to restart the pod),
// 503 with the state otherwise (INITIALIZED, STOPPING, DRAINING, FAILED, …). Off unless WORKER_HEALTH_PORT is set.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthServer {
  /** The bound port (port 0 lets the system choose). */
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(o: { host: string; port: number; state: () => string }): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/health') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
      return;
    }
    const state = o.state();
    const ok = state === 'RUNNING';
    res
      .writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', service: 'worker', state }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
