// The contract-onboarding workflow (services/worker runs it): started at signing (the customer's access list is due 3
// working days later) and told when the contract's policy or calendar changes (its clock is re-planned). One workflow
// per contract (workflow id contract-onboarding-<id>), so starting it again after a retried signContract is harmless.
import { Injectable, Logger } from '@nestjs/common';
import { TemporalClient } from '@sla-desk/subgraph';
import type { BusinessCalendar, SlaPolicy } from '@sla-desk/sla';
import {
  calendarChangedSignal,
  contractOnboardingWorkflowId,
  policyChangedSignal,
  WorkflowType,
  type ContractOnboardingInput,
} from '@sla-desk/workflow-api';
import { WorkflowNotFoundError } from '@temporalio/client';

export interface ContractOnboarding {
  /** Starts the contract's onboarding workflow unless it already exists; returns its workflow id. */
  start(input: ContractOnboardingInput): Promise<string>;
  /** Re-plans a running onboarding clock on new terms; false when no onboarding runs (done, or never started). */
  termsChanged(contractId: string, change: { policy?: SlaPolicy; calendar?: BusinessCalendar }): Promise<boolean>;
}

export const CONTRACT_ONBOARDING = Symbol('CONTRACT_ONBOARDING');

@Injectable()
export class TemporalContractOnboarding implements ContractOnboarding {
  private readonly logger = new Logger('ContractOnboarding');

  constructor(private readonly temporal: TemporalClient) {}

  async start(input: ContractOnboardingInput): Promise<string> {
    const workflowId = contractOnboardingWorkflowId(input.contractId);
    if (await this.temporal.startOnce(WorkflowType.CONTRACT_ONBOARDING, workflowId, [input])) {
      this.logger.log({ msg: 'contract onboarding started', workflowId });
    }
    return workflowId;
  }

  async termsChanged(contractId: string, change: { policy?: SlaPolicy; calendar?: BusinessCalendar }): Promise<boolean> {
    const handle = this.temporal.client.workflow.getHandle(contractOnboardingWorkflowId(contractId));
    try {
      if (change.policy) await handle.signal(policyChangedSignal, { policy: change.policy });
      if (change.calendar) await handle.signal(calendarChangedSignal, { calendar: change.calendar });
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }
}
