// One SLA Desk service calling another's subgraph directly (not through the gateway): each request is signed as the
// gateway signs them (GATEWAY_SUBGRAPH_SECRET), for a provider-side service caller, so the called subgraph applies
// its usual auth and tenant rules and stays the only owner of its data.
import { randomUUID } from 'node:crypto';
import type { Caller } from './caller';
import { signIdentity } from './identity-header';

export interface ServiceClientOptions {
  /** The subgraph's GraphQL endpoint, e.g. http://127.0.0.1:4003/graphql. */
  url: string;
  /** GATEWAY_SUBGRAPH_SECRET. */
  secret: string;
  /** Names the calling service in the caller id and the called service's logs (`worker`, `catalog`). */
  service: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
}

/** The provider-side identity a service acts with: read access to every customer's data, no admin rights. */
export function serviceCaller(service: string): Caller {
  return {
    userId: `service:${service}`,
    organizationId: 'provider',
    organizationKind: 'PROVIDER',
    roles: ['SPECIALIST'],
    sessionId: `service:${service}`,
  };
}

/** A GraphQL error the called subgraph returned (code and field as its API documents them). */
export class SubgraphCallError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly field: string | undefined,
  ) {
    super(message);
    this.name = 'SubgraphCallError';
  }
}

export class ServiceGraphQLClient {
  private readonly caller: Caller;

  constructor(private readonly options: ServiceClientOptions) {
    this.caller = serviceCaller(options.service);
  }

  /** Runs an operation; an error whose code is in `absent` means "no answer" (null), any other error throws. */
  async request<T>(query: string, variables: Record<string, unknown>, absent: readonly string[] = []): Promise<T | null> {
    const identity = {
      caller: this.caller,
      requestId: randomUUID(),
      clientAddress: '127.0.0.1',
      userAgent: `sla-desk-${this.options.service}`,
    };
    const res = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signIdentity(identity, this.options.secret, { request: { query, variables } }) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const body = (await res.json().catch(() => null)) as {
      data?: T | null;
      errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
    } | null;
    if (!body) throw new SubgraphCallError(`${this.options.url} answered HTTP ${res.status} without GraphQL`, undefined, undefined);
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      if (code && absent.includes(code)) return null;
      throw new SubgraphCallError(`${this.options.url}: ${error.message}`, code, error.extensions?.field);
    }
    return body.data ?? null;
  }
}
