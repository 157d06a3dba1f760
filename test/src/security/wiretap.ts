// A recording hop between the gateway and a subgraph: what an attacker on that network segment would capture.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDENTITY_HEADER } from '@sla-desk/auth';
import { startStack, type Stack } from '../gateway/stack';

export interface CapturedRequest {
  headers: Record<string, string>;
  body: { query: string; operationName?: string; variables?: Record<string, unknown> };
}

export interface Wiretap {
  /** Where the gateway should send its requests. */
  url: string;
  /** Where they are forwarded; set once the subgraph listens. */
  target: string;
  captured: CapturedRequest[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function startWiretap(): Promise<Wiretap> {
  const tap: Wiretap = { url: '', target: '', captured: [], close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name, value]) => !HOP_BY_HOP.has(name) && typeof value === 'string'),
      ) as Record<string, string>;
      tap.captured.push({ headers, body: JSON.parse(text) as CapturedRequest['body'] });
      fetch(tap.target, { method: 'POST', headers, body: text })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(await answer.text());
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tap.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  tap.close = () => new Promise((resolve) => server.close(() => resolve()));
  return tap;
}

/** The client address the gateway vouched for in a captured request (what identity throttles logins on). */
export function clientAddressOf(request: CapturedRequest): string {
  const payload = JSON.parse(Buffer.from(request.headers[IDENTITY_HEADER]!, 'base64url').toString('utf8')) as { addr: string };
  return payload.addr;
}

/** A stack whose gateway reaches identity through a wiretap. */
export async function startTappedStack(name: string): Promise<{ stack: Stack; wiretap: Wiretap }> {
  const wiretap = await startWiretap();
  try {
    const stack = await startStack(name, { gatewayEnv: { SUBGRAPH_IDENTITY_URL: wiretap.url } });
    wiretap.target = stack.identityUrl;
    return { stack, wiretap };
  } catch (error) {
    await wiretap.close();
    throw error;
  }
}
