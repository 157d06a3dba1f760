// Who is calling, established once per request at the gateway: the bearer token is verified here and only here;
// subgraphs receive the result as HMAC-signed headers (see @sla-desk/auth identity-header).
import type { IncomingMessage } from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import {
  AccessTokenError,
  ErrorCode,
  serviceUnavailable,
  signIdentity,
  type AccessTokenVerifier,
  type RequestIdentity,
} from '@sla-desk/auth';
import { requestIdOf } from '@sla-desk/subgraph';

export interface GatewayContext {
  identity: RequestIdentity;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** The Apollo context function: anonymous without Authorization; an invalid token rejects the whole request. */
export function createGatewayContext(verifier: AccessTokenVerifier) {
  return async ({ req }: { req: IncomingMessage & { id?: unknown; ip?: string } }): Promise<GatewayContext> => {
    const requestId = typeof req.id === 'string' ? req.id : requestIdOf(req);
    const clientAddress = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const userAgent = typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : undefined;
    const base = { requestId, clientAddress, ...(userAgent ? { userAgent } : {}) };
    const authorization = req.headers.authorization;
    if (authorization === undefined || authorization === '') return { identity: { ...base, caller: null } };
    const match = BEARER.exec(authorization);
    if (!match) throw unauthenticated('Malformed Authorization header: expected "Bearer <access token>"');
    try {
      const caller = await verifier.verify(match[1]!);
      (req as { identity?: RequestIdentity }).identity = { ...base, caller };
      return { identity: { ...base, caller } };
    } catch (error) {
      if (error instanceof AccessTokenError) throw unauthenticated(error.message);
      throw error;
    }
  };
}

type FetchFailure = Parameters<RemoteGraphQLDataSource['didEncounterError']>;

/** Answers of a proxy in front of a subgraph that is down or overloaded. */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/**
 * Sends each subgraph fetch with the caller's identity, signed for exactly this request, once. A subgraph that
 * cannot be reached is reported as SERVICE_UNAVAILABLE (retryable), not as an internal error.
 */
export class SignedIdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly name: string;

  constructor(
    options: { name: string; url: string },
    private readonly secret: string,
  ) {
    super({ url: options.url });
    this.name = options.name;
  }

  /** No response at all (refused, reset, timed out), or a proxy's: the subgraph is unavailable. */
  override didEncounterError(error: Error, _request: FetchFailure[1], response?: FetchFailure[2]): void {
    if (response === undefined || UNAVAILABLE_STATUSES.has(response.status)) throw serviceUnavailable(this.name);
    throw error;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const identity = (options.context as Partial<GatewayContext>).identity;
    if (!identity) return; // schema loading / health checks: unsigned, the subgraph refuses them
    const headers = signIdentity(identity, this.secret, { request: options.request });
    for (const [name, value] of Object.entries(headers)) options.request.http?.headers.set(name, value);
  }
}
