// Issue #10, item 9: what the gateway tells browsers. Security headers on every answer (a CSP that still lets the
// development Sandbox load), and CORS for the portal's origins only: their preflights succeed, any other origin's
// page gets no CORS headers and so cannot read answers.
import { startStack, type Stack } from '../gateway/stack';

const PORTAL = 'https://portal.example.test';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack('sec_browser', { gatewayEnv: { GATEWAY_CORS_ORIGINS: `${PORTAL},http://localhost:5173` } });
});
afterAll(async () => {
  await stack?.close();
});

function preflight(origin: string): Promise<Response> {
  return fetch(stack.gatewayUrl, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
}

function post(origin: string): Promise<Response> {
  return fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: '{"query":"{ __typename }"}',
  });
}

function corsHeaders(res: Response): string[] {
  return [...res.headers.keys()].filter((name) => name.startsWith('access-control-'));
}

describe('CORS', () => {
  it("answers the portal's preflight with 204 and what it may send", async () => {
    const res = await preflight(PORTAL);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(res.headers.get('access-control-allow-headers')?.split(',')).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it("lets the portal's pages read answers", async () => {
    const res = await post(PORTAL);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
  });

  it('gives any other origin no CORS headers, preflight or not', async () => {
    for (const origin of ['https://evil.example', 'https://portal.example.test.evil.example', 'null']) {
      expect(corsHeaders(await preflight(origin))).toEqual([]);
      expect(corsHeaders(await post(origin))).toEqual([]);
    }
  });
});

describe('security headers', () => {
  it('are on every answer of the API', async () => {
    const res = await post(PORTAL);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('let the development Sandbox load its scripts and frame', async () => {
    const page = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src [^;]*https:\/\/embeddable-sandbox\.cdn\.apollographql\.com/);
    expect(csp).toMatch(/frame-src [^;]*https:\/\/sandbox\.embed\.apollographql\.com/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
  });
});
