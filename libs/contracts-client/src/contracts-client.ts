// A client of the contracts subgraph for other SLA Desk processes (the worker's ContractTermsPort, the tickets
// service's entitlement check). It talks to the subgraph directly, signing each request as the gateway signs them
// (GATEWAY_SUBGRAPH_SECRET) for a provider-side service caller: the contracts service stays the only owner of its
// database, and terms are built by the same code (libs/sla) that serves them to people.
import { randomUUID } from 'node:crypto';
import { signIdentity, type Caller } from '@sla-desk/auth';
import type { BusinessCalendar, SlaPolicy } from '@sla-desk/sla';
import type { ContractTerms, ContractTermsRequest } from '@sla-desk/workflow-api';

export interface ContractsClientOptions {
  /** The contracts subgraph's GraphQL endpoint, e.g. http://127.0.0.1:4003/graphql. */
  url: string;
  /** GATEWAY_SUBGRAPH_SECRET. */
  secret: string;
  /** Names the calling service in the caller id and the contracts service's logs (`worker`, `tickets`). */
  service: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
}

/** The provider-side identity a service acts with (read access to every customer's contracts). */
export function serviceCaller(service: string): Caller {
  return {
    userId: `service:${service}`,
    organizationId: 'provider',
    organizationKind: 'PROVIDER',
    roles: ['SPECIALIST'],
    sessionId: `service:${service}`,
  };
}

/** A GraphQL error the contracts service returned (code and field as the API documents them). */
export class ContractsServiceError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly field: string | undefined,
  ) {
    super(message);
    this.name = 'ContractsServiceError';
  }
}

export interface Entitlement {
  contractId: string;
  number: string;
  kind: 'WARRANTY' | 'SUBSCRIPTION' | 'ONE_OFF';
}

const TERMS = `query ContractTerms($id: ID!) { contract(id: $id) { id customerId status policy { document } calendar { document } } }`;
const ENTITLEMENT = `query Entitlement($c: ID!, $x: ID!, $at: DateTime!) {
  entitlement(customerId: $c, componentId: $x, at: $at) { contract { id number kind } } }`;

const COVERED = `query CoveredComponents($c: ID!, $at: DateTime!) { coveredComponents(customerId: $c, at: $at) }`;

export class ContractsClient {
  private readonly caller: Caller;

  constructor(private readonly options: ContractsClientOptions) {
    this.caller = serviceCaller(options.service);
  }

  /**
   * The contract's SLA policy and business calendar (the worker's ContractTermsPort): null when there is no such
   * contract, it belongs to another customer, or it is not signed.
   */
  async termsFor(req: ContractTermsRequest): Promise<ContractTerms | null> {
    const data = await this.request<{
      contract: { id: string; customerId: string; status: string; policy: { document: string }; calendar: { document: string } } | null;
    }>(TERMS, { id: req.contractId }, ['BAD_USER_INPUT']);
    const contract = data?.contract;
    if (!contract || contract.customerId !== req.customerId || contract.status !== 'SIGNED') return null;
    return {
      contractId: contract.id,
      policy: JSON.parse(contract.policy.document) as SlaPolicy,
      calendar: JSON.parse(contract.calendar.document) as BusinessCalendar,
    };
  }

  /** The signed contract governing a ticket of the customer about the component at `at`; null when none does. */
  async entitlement(customerId: string, componentId: string, at: Date): Promise<Entitlement | null> {
    const data = await this.request<{ entitlement: { contract: { id: string; number: string; kind: Entitlement['kind'] } } }>(
      ENTITLEMENT,
      { c: customerId, x: componentId, at: at.toISOString() },
      ['BAD_USER_INPUT'],
    );
    const contract = data?.entitlement.contract;
    return contract ? { contractId: contract.id, number: contract.number, kind: contract.kind } : null;
  }

  /** The components the customer's signed contracts cover at `at` (what the catalog's library visibility asks). */
  async coveredComponentIds(customerId: string, at: Date): Promise<string[]> {
    const data = await this.request<{ coveredComponents: string[] }>(COVERED, { c: customerId, at: at.toISOString() }, []);
    return data?.coveredComponents ?? [];
  }

  /** Runs a query; errors with a code in `absent` mean "no answer" (null), any other error throws. */
  private async request<T>(query: string, variables: Record<string, unknown>, absent: readonly string[]): Promise<T | null> {
    const requestId = randomUUID();
    const headers = signIdentity(
      { caller: this.caller, requestId, clientAddress: '127.0.0.1', userAgent: `sla-desk-${this.options.service}` },
      this.options.secret,
      {
        query,
      },
    );
    const res = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const body = (await res.json().catch(() => null)) as {
      data?: T | null;
      errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
    } | null;
    if (!body) throw new ContractsServiceError(`contracts service answered HTTP ${res.status} without GraphQL`, undefined, undefined);
    const error = body.errors?.[0];
    if (error) {
      const code = error.extensions?.code;
      if (code && absent.includes(code)) return null;
      throw new ContractsServiceError(`contracts service: ${error.message}`, code, error.extensions?.field);
    }
    return body.data ?? null;
  }
}
