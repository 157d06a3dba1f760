// A client of the contracts subgraph for other SLA Desk processes (the worker's ContractTermsPort, the tickets
// service's entitlement check). It talks to the subgraph directly, signing each request as the gateway signs them
// (GATEWAY_SUBGRAPH_SECRET) for a provider-side service caller: the contracts service stays the only owner of its
// database, and terms are built by the same code (libs/sla) that serves them to people.
import { ServiceGraphQLClient, type ServiceClientOptions } from '@sla-desk/auth';
import type { BusinessCalendar, SlaPolicy } from '@sla-desk/sla';
import type { ContractTerms, ContractTermsRequest } from '@sla-desk/workflow-api';

export type ContractsClientOptions = ServiceClientOptions;

export interface Entitlement {
  contractId: string;
  number: string;
  kind: 'WARRANTY' | 'SUBSCRIPTION' | 'ONE_OFF';
  /** The IANA zone of the contract's business calendar (its clocks are shown in it). */
  timeZone: string;
}

const TERMS = `query ContractTerms($id: ID!) { contract(id: $id) { id customerId status policy { document } calendar { document } } }`;
const ENTITLEMENT = `query Entitlement($c: ID!, $x: ID, $at: DateTime!) {
  entitlement(customerId: $c, componentId: $x, at: $at) { contract { id number kind calendar { timeZone } } } }`;

const COVERED = `query CoveredComponents($c: ID!, $at: DateTime!) { coveredComponents(customerId: $c, at: $at) }`;

export class ContractsClient {
  private readonly client: ServiceGraphQLClient;

  constructor(options: ContractsClientOptions) {
    this.client = new ServiceGraphQLClient(options);
  }

  /**
   * The contract's SLA policy and business calendar (the worker's ContractTermsPort): null when there is no such
   * contract, it belongs to another customer, or it is not signed.
   */
  async termsFor(req: ContractTermsRequest): Promise<ContractTerms | null> {
    const data = await this.client.request<{
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
  async entitlement(customerId: string, componentId: string | null, at: Date): Promise<Entitlement | null> {
    const data = await this.client.request<{
      entitlement: { contract: { id: string; number: string; kind: Entitlement['kind']; calendar: { timeZone: string } } };
    }>(ENTITLEMENT, { c: customerId, x: componentId, at: at.toISOString() }, ['BAD_USER_INPUT']);
    const contract = data?.entitlement.contract;
    return contract
      ? { contractId: contract.id, number: contract.number, kind: contract.kind, timeZone: contract.calendar.timeZone }
      : null;
  }

  /**
   * The signed contract of the customer in force at `at` whatever the component (a hotline call or an email is about
   * the customer, not a component), by entitlement's precedence; null when none is.
   */
  contractInForce(customerId: string, at: Date): Promise<Entitlement | null> {
    return this.entitlement(customerId, null, at);
  }

  /** The components the customer's signed contracts cover at `at` (what the catalog's library visibility asks). */
  async coveredComponentIds(customerId: string, at: Date): Promise<string[]> {
    const data = await this.client.request<{ coveredComponents: string[] }>(COVERED, { c: customerId, at: at.toISOString() }, []);
    return data?.coveredComponents ?? [];
  }
}
