// The Apollo Server context of a subgraph: the verified identity of every request. A request that did not come
// through the gateway (no identity headers, a forged or stale signature, a signature of another request, or one
// already used) is rejected before anything executes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { RequestIdentity } from '../caller';
import { ErrorCode } from '../errors';
import { claimNonce, IdentityHeaderError, verifyIdentity, type NonceStore, type SignedRequest } from '../identity-header';

export interface SubgraphContext {
  req: IncomingMessage & { body?: unknown; identity?: RequestIdentity };
  identity: RequestIdentity;
}

export interface SubgraphContextOptions {
  /** Gateway↔subgraph secrets: the current one first. */
  secrets: readonly string[];
  /** Remembers accepted nonces: shared by every instance of the subgraph. */
  nonces: NonceStore;
  maxAgeMs?: number;
  /**
   * Development only: accept unsigned requests as anonymous (for a subgraph's own sandbox). Never set in
   * production; configuration refuses it there.
   */
  allowUnsigned?: boolean;
  onRejected?: (reason: string, req: IncomingMessage) => void;
}

/** The body's fields as Apollo Server reads them (a field of the wrong type fails the signature or Apollo's checks). */
function requestOf(body: unknown): SignedRequest {
  if (typeof body !== 'object' || body === null) return {};
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  return { query, operationName, variables, extensions } as SignedRequest;
}

/** For `GraphQLModule.forRoot({ context })`. */
export function createSubgraphContext(options: SubgraphContextOptions) {
  return async ({ req }: { req: SubgraphContext['req'] }): Promise<SubgraphContext> => {
    let identity: RequestIdentity;
    try {
      const signed = verifyIdentity(req.headers, {
        request: requestOf(req.body),
        secrets: options.secrets,
        ...(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {}),
      });
      identity = await claimNonce(signed, options.nonces);
    } catch (error) {
      if (!(error instanceof IdentityHeaderError)) throw error;
      if (options.allowUnsigned && error.reason === 'missing') {
        identity = { caller: null, requestId: randomUUID(), clientAddress: req.socket.remoteAddress ?? 'unknown' };
      } else {
        options.onRejected?.(error.reason, req);
        throw new GraphQLError(error.message, {
          extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
        });
      }
    }
    req.identity = identity;
    return { req, identity };
  };
}
