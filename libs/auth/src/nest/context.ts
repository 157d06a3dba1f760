// The Apollo Server context of a subgraph: the verified identity of every request. A request that did not come
// through the gateway (no identity headers, a forged or stale signature) is rejected before anything executes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { RequestIdentity } from '../caller';
import { ErrorCode } from '../errors';
import { IdentityHeaderError, verifyIdentity } from '../identity-header';

export interface SubgraphContext {
  req: IncomingMessage & { body?: unknown; identity?: RequestIdentity };
  identity: RequestIdentity;
}

export interface SubgraphContextOptions {
  /** Gateway↔subgraph secrets: the current one first. */
  secrets: readonly string[];
  maxAgeMs?: number;
  /**
   * Development only: accept unsigned requests as anonymous (for a subgraph's own sandbox). Never set in
   * production; configuration refuses it there.
   */
  allowUnsigned?: boolean;
  onRejected?: (reason: string, req: IncomingMessage) => void;
}

function queryOf(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && typeof (body as { query?: unknown }).query === 'string') {
    return (body as { query: string }).query;
  }
  return undefined;
}

/** For `GraphQLModule.forRoot({ context })`. */
export function createSubgraphContext(options: SubgraphContextOptions) {
  return ({ req }: { req: SubgraphContext['req'] }): SubgraphContext => {
    let identity: RequestIdentity;
    try {
      identity = verifyIdentity(req.headers, {
        query: queryOf(req.body),
        secrets: options.secrets,
        ...(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {}),
      });
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
