// TLS towards the Temporal frontend (Temporal Cloud's mTLS, or a self-hosted frontend behind TLS), from the
// environment. Certificates are files (a mounted Kubernetes Secret), read once at start; the returned object is the
// `tls` option of @temporalio/client's Connection and @temporalio/worker's NativeConnection alike.
import { readFileSync } from 'node:fs';
import { ConfigError, env, readEnv } from './env';

export interface TemporalTls {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

/**
 * TEMPORAL_TLS (on implied by a client certificate), TEMPORAL_TLS_CERT_FILE + TEMPORAL_TLS_KEY_FILE (the client's
 * certificate pair, both or neither), TEMPORAL_TLS_CA_FILE (server CA; default: the system's), TEMPORAL_TLS_SERVER_NAME.
 */
export const TEMPORAL_TLS_ENV = {
  TEMPORAL_TLS: env.bool({ default: false }),
  TEMPORAL_TLS_CERT_FILE: env.optionalString(),
  TEMPORAL_TLS_KEY_FILE: env.optionalString(),
  TEMPORAL_TLS_CA_FILE: env.optionalString(),
  TEMPORAL_TLS_SERVER_NAME: env.optionalString(),
};

/** The variables as read with TEMPORAL_TLS_ENV (all optional: an absent one counts as unset). */
export type TemporalTlsEnv = { [K in keyof typeof TEMPORAL_TLS_ENV]?: ReturnType<(typeof TEMPORAL_TLS_ENV)[K]['read']> };

/** The TLS settings, or undefined for plaintext; throws ConfigError naming every bad variable or unreadable file. */
export function readTemporalTls(source: Record<string, string | undefined>): TemporalTls | undefined {
  return temporalTlsOf(readEnv(TEMPORAL_TLS_ENV, source));
}

/** The same from variables already read with TEMPORAL_TLS_ENV (part of a larger spec): reads the files. */
export function temporalTlsOf(raw: TemporalTlsEnv): TemporalTls | undefined {
  const problems: string[] = [];
  const read = (name: string, file: string | undefined): Buffer | undefined => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (error) {
      problems.push(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return undefined;
    }
  };
  if (Boolean(raw.TEMPORAL_TLS_CERT_FILE) !== Boolean(raw.TEMPORAL_TLS_KEY_FILE)) {
    problems.push('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE: give both (the client certificate and its key) or neither');
  }
  const crt = read('TEMPORAL_TLS_CERT_FILE', raw.TEMPORAL_TLS_CERT_FILE);
  const key = read('TEMPORAL_TLS_KEY_FILE', raw.TEMPORAL_TLS_KEY_FILE);
  const ca = read('TEMPORAL_TLS_CA_FILE', raw.TEMPORAL_TLS_CA_FILE);
  if (problems.length > 0) throw new ConfigError(problems);
  const enabled = raw.TEMPORAL_TLS || Boolean(crt) || Boolean(ca) || Boolean(raw.TEMPORAL_TLS_SERVER_NAME);
  if (!enabled) return undefined;
  return {
    ...(raw.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: raw.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}
