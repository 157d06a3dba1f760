// The tickets subgraph's configuration: the kit's variables (TICKETS_DATABASE_URL, …) plus where its ticket
// workflows run, the contracts subgraph that decides a new ticket's contract (or the single contract without it),
// and where attachments are stored.
import { ConfigError, env } from '@sla-desk/runtime';
import {
  loadSubgraphConfig,
  OFFLINE_TEMPORAL_TARGET,
  offlineSubgraphConfig,
  TEMPORAL_TARGET_ENV,
  temporalTarget,
  type SubgraphConfig,
  type TemporalTarget,
} from '@sla-desk/subgraph';

/** Its port unless TICKETS_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const TICKETS_DEFAULT_PORT = 4004;

/** The contract every registration is made under in single-contract mode (no TICKETS_CONTRACTS_URL). */
export const PLACEHOLDER_CONTRACT_ID = 'default';

/**
 * Attachments travel base64-encoded inside GraphQL requests, whose bodies the gateway and the subgraph cap at 64 KiB:
 * 45 000 bytes are 60 000 base64 characters, leaving room for the rest of the request.
 */
export const MAX_ATTACHMENT_BYTES = 45_000;
export const DEFAULT_ATTACHMENT_BYTES = 32_768;
export const DEFAULT_ATTACHMENT_TYPES = [
  'text/plain',
  'text/csv',
  'application/json',
  'application/pdf',
  'application/zip',
  'image/png',
  'image/jpeg',
] as const;

export interface AttachmentsConfig {
  /** Where the bytes go: the `attachment_blobs` table, or files under `dir`. */
  storage: 'postgres' | 'disk';
  dir?: string;
  /** Largest file (bytes); also the most one request may carry in all. */
  maxBytes: number;
  /** Allowed media types (lower case, exact). */
  allowedTypes: readonly string[];
}

export interface TicketsConfig extends SubgraphConfig {
  /** Where the ticket workflows run (the worker's task queue). */
  temporal: TemporalTarget;
  /** The contract id of every ticket in single-contract mode (no contractsUrl; see PLACEHOLDER_CONTRACT_ID). */
  defaultContractId: string;
  /** The contracts subgraph that decides a new ticket's contract (entitlement); unset: single-contract mode. */
  contractsUrl: string | undefined;
  attachments: AttachmentsConfig;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

const TICKETS_ENV = {
  ...TEMPORAL_TARGET_ENV,
  TICKETS_DEFAULT_CONTRACT_ID: env.string({ default: PLACEHOLDER_CONTRACT_ID }),
  TICKETS_CONTRACTS_URL: env.optionalUrl({ protocols: ['http', 'https'] }),
  TICKETS_ATTACHMENT_STORAGE: env.string({ default: 'postgres', pattern: /^(postgres|disk)$/ }),
  TICKETS_ATTACHMENT_DIR: env.optionalString(),
  TICKETS_ATTACHMENT_MAX_BYTES: env.int({ default: DEFAULT_ATTACHMENT_BYTES, min: 1, max: MAX_ATTACHMENT_BYTES }),
  TICKETS_ATTACHMENT_TYPES: env.list({
    default: DEFAULT_ATTACHMENT_TYPES,
    check: (t) => (MEDIA_TYPE.test(t) ? undefined : 'is not a media type (type/subtype, lower case)'),
  }),
};

function attachmentsConfig(raw: {
  TICKETS_ATTACHMENT_STORAGE: string;
  TICKETS_ATTACHMENT_DIR: string | undefined;
  TICKETS_ATTACHMENT_MAX_BYTES: number;
  TICKETS_ATTACHMENT_TYPES: string[];
}): AttachmentsConfig {
  const storage = raw.TICKETS_ATTACHMENT_STORAGE as AttachmentsConfig['storage'];
  if (storage === 'disk' && !raw.TICKETS_ATTACHMENT_DIR) {
    throw new ConfigError(['TICKETS_ATTACHMENT_DIR is required when TICKETS_ATTACHMENT_STORAGE=disk']);
  }
  return {
    storage,
    ...(storage === 'disk' ? { dir: raw.TICKETS_ATTACHMENT_DIR } : {}),
    maxBytes: raw.TICKETS_ATTACHMENT_MAX_BYTES,
    allowedTypes: raw.TICKETS_ATTACHMENT_TYPES,
  };
}

export function loadTicketsConfig(source: Record<string, string | undefined>): TicketsConfig {
  return loadSubgraphConfig('tickets', TICKETS_DEFAULT_PORT, source, {
    spec: TICKETS_ENV,
    build: (raw) => ({
      temporal: temporalTarget(raw),
      defaultContractId: raw.TICKETS_DEFAULT_CONTRACT_ID,
      contractsUrl: raw.TICKETS_CONTRACTS_URL,
      attachments: attachmentsConfig(raw),
    }),
  });
}

export function offlineTicketsConfig(): TicketsConfig {
  return {
    ...offlineSubgraphConfig('tickets'),
    temporal: OFFLINE_TEMPORAL_TARGET,
    defaultContractId: PLACEHOLDER_CONTRACT_ID,
    contractsUrl: undefined,
    attachments: { storage: 'postgres', maxBytes: DEFAULT_ATTACHMENT_BYTES, allowedTypes: DEFAULT_ATTACHMENT_TYPES },
  };
}
