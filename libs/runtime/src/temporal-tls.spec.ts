import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from './env';
import { readTemporalTls } from './temporal-tls';

describe('readTemporalTls', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'temporal-tls-'));
  const file = (name: string, content: string): string => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const crt = file('tls.crt', 'CERT');
  const key = file('tls.key', 'KEY');
  const ca = file('ca.crt', 'CA');

  it('is plaintext when nothing is set', () => {
    expect(readTemporalTls({})).toBeUndefined();
    expect(readTemporalTls({ TEMPORAL_TLS: 'false' })).toBeUndefined();
  });

  it('is server-authenticated TLS with TEMPORAL_TLS alone', () => {
    expect(readTemporalTls({ TEMPORAL_TLS: 'true' })).toEqual({});
  });

  it('reads the client certificate pair, CA and server name (mTLS, e.g. Temporal Cloud)', () => {
    const tls = readTemporalTls({
      TEMPORAL_TLS_CERT_FILE: crt,
      TEMPORAL_TLS_KEY_FILE: key,
      TEMPORAL_TLS_CA_FILE: ca,
      TEMPORAL_TLS_SERVER_NAME: 'ns.acct.tmprl.cloud',
    });
    expect(tls?.clientCertPair?.crt.toString()).toBe('CERT');
    expect(tls?.clientCertPair?.key.toString()).toBe('KEY');
    expect(tls?.serverRootCACertificate?.toString()).toBe('CA');
    expect(tls?.serverNameOverride).toBe('ns.acct.tmprl.cloud');
  });

  it('names a half pair and an unreadable file in one error', () => {
    let error: unknown;
    try {
      readTemporalTls({ TEMPORAL_TLS_CERT_FILE: crt, TEMPORAL_TLS_CA_FILE: path.join(dir, 'missing.crt') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE: give both (the client certificate and its key) or neither',
      `TEMPORAL_TLS_CA_FILE: cannot read ${path.join(dir, 'missing.crt')} (ENOENT)`,
    ]);
  });
});
