// The SLA policy and business calendar of a contract, for what this service computes itself: the hotline callback
// window and the SLA report's working times. They are the terms the workflows run on, so that a callback date this
// service accepts is one the hotline-callback workflow accepts too: the contracts subgraph's (the worker's
// WORKER_CONTRACTS_URL) when TICKETS_CONTRACTS_URL is set, else the default policy and the Russian production
// calendar (single-contract mode, like the worker without contracts). Fetched terms are kept for a short while.
import { Injectable } from '@nestjs/common';
import { badUserInput } from '@sla-desk/auth';
import { compileCalendar, defaultSlaPolicy, russianProductionCalendar, type CompiledCalendar, type SlaPolicy } from '@sla-desk/sla';
import { ContractDirectory } from './contract-directory';

export interface Terms {
  policy: SlaPolicy;
  calendar: CompiledCalendar;
}

/** How long fetched terms are reused (a terms change reaches running tickets through the re-planner, not this). */
const TERMS_TTL_MS = 30_000;

@Injectable()
export class ContractTerms {
  private readonly defaults: Terms = { policy: defaultSlaPolicy, calendar: compileCalendar(russianProductionCalendar()) };
  private readonly fetched = new Map<string, { terms: Terms; until: number }>();

  constructor(private readonly directory: ContractDirectory) {}

  async termsOf(contractId: string, customerId: string): Promise<Terms> {
    const client = this.directory.contracts;
    if (!client) return this.defaults;
    const key = `${contractId}|${customerId}`;
    const hit = this.fetched.get(key);
    if (hit && hit.until > Date.now()) return hit.terms;
    const terms = await client.termsFor({ contractId, customerId });
    if (!terms) {
      throw badUserInput(`Contract ${contractId} is not a signed contract of customer ${customerId}`, { reason: 'NO_ACTIVE_CONTRACT' });
    }
    const compiled = { policy: terms.policy, calendar: compileCalendar(terms.calendar) };
    this.fetched.set(key, { terms: compiled, until: Date.now() + TERMS_TTL_MS });
    return compiled;
  }
}
