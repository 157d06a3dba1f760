// Issue #10, item 5 (the gateway's part): the client address identity throttles logins on is the real client's.
// X-Forwarded-For is anyone's to write: ignored unless the hop that sent it is a proxy named in GATEWAY_TRUST_PROXY,
// and then only the address that proxy appended counts.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { listeningUrl, postJson, startGateway, type Stack } from '../gateway/stack';
import { clientAddressOf, startTappedStack, type Wiretap } from './wiretap';

let wiretap: Wiretap;
let stack: Stack;
let behindProxy: NestExpressApplication;
beforeAll(async () => {
  ({ stack, wiretap } = await startTappedStack('sec_client_address'));
  // This test's requests come from 127.0.0.1: here that is the trusted proxy.
  behindProxy = await startGateway({ keys: stack.keys, identityUrl: wiretap.url }, { gatewayEnv: { GATEWAY_TRUST_PROXY: 'loopback' } });
});
afterAll(async () => {
  await behindProxy?.close();
  await stack?.close();
  await wiretap?.close();
});

/** The address identity is told for a request with this X-Forwarded-For, sent to `gatewayUrl`. */
async function addressSeenByIdentity(gatewayUrl: string, forwardedFor: string): Promise<string> {
  wiretap.captured.length = 0;
  await postJson(gatewayUrl, { query: '{ me { id } }' }, { 'x-forwarded-for': forwardedFor });
  expect(wiretap.captured).toHaveLength(1);
  return clientAddressOf(wiretap.captured[0]!);
}

it('ignores X-Forwarded-For when no proxy is trusted (the default)', async () => {
  expect(await addressSeenByIdentity(stack.gatewayUrl, '203.0.113.7')).toBe('127.0.0.1');
});

it('takes the address a trusted proxy appended, not what the client wrote before it', async () => {
  const url = listeningUrl(behindProxy);
  expect(await addressSeenByIdentity(url, '203.0.113.7')).toBe('203.0.113.7');
  // A client behind the proxy sending its own X-Forwarded-For: the proxy appends the real address last.
  expect(await addressSeenByIdentity(url, '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
});
