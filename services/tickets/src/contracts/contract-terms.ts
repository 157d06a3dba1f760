// The SLA policy and business calendar of a contract, for what this service computes itself: the hotline callback
// window and the SLA report's working times. They must be the terms the workflows run on, so that a callback date this
// service accepts is one the hotline-callback workflow accepts too: today the worker hands every contract the default
// policy and the Russian production calendar (@sla-desk/ticket-activities defaultContractTerms). When the worker
// loads real terms (ContractsClient.termsFor), this class changes with it; its callers stay.
import { Injectable } from '@nestjs/common';
import { compileCalendar, defaultSlaPolicy, russianProductionCalendar, type CompiledCalendar, type SlaPolicy } from '@sla-desk/sla';

export interface Terms {
  policy: SlaPolicy;
  calendar: CompiledCalendar;
}

@Injectable()
export class ContractTerms {
  private readonly defaults: Terms = { policy: defaultSlaPolicy, calendar: compileCalendar(russianProductionCalendar()) };

  termsOf(_contractId: string): Terms {
    return this.defaults;
  }
}
