// The contract-onboarding workflow (services/worker runs it): started at signing (the customer's access list is due 3
// working days later) and told when the contract's policy or calendar changes (its clock is re-planned). One workflow
// per contract (workflow id contract-onboarding-<id>), so starting it again after a retried signContract is harmless.
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { BusinessCalendar, SlaPolicy } from '@sla-desk/sla';
import {
  calendarChangedSignal,
  contractOnboardingWorkflowId,
  policyChangedSignal,
  UNIQUE_WORKFLOW_ID_POLICIES,
  WorkflowType,
  type ContractOnboardingInput,
} from '@sla-desk/workflow-api';
import { Client, Connection, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { ContractsConfig } from '../config';

export interface ContractOnboarding {
  /** Starts the contract's onboarding workflow unless it already exists; returns its workflow id. */
  start(input: ContractOnboardingInput): Promise<string>;
  /** Re-plans a running onboarding clock on new terms; false when no onboarding runs (done, or never started). */
  termsChanged(contractId: string, change: { policy?: SlaPolicy; calendar?: BusinessCalendar }): Promise<boolean>;
}

export const CONTRACT_ONBOARDING = Symbol('CONTRACT_ONBOARDING');

@Injectable()
export class TemporalContractOnboarding implements ContractOnboarding, OnModuleDestroy {
  private readonly logger = new Logger('ContractOnboarding');
  // Lazy: the service starts (and serves reads) while Temporal is down; a signing then fails and can be retried.
  private readonly connection: Connection;
  private readonly client: Client;

  constructor(@Inject(SUBGRAPH_CONFIG) private readonly config: ContractsConfig) {
    this.connection = Connection.lazy({ address: config.temporal.address });
    this.client = new Client({ connection: this.connection, namespace: config.temporal.namespace });
  }

  async start(input: ContractOnboardingInput): Promise<string> {
    const workflowId = contractOnboardingWorkflowId(input.contractId);
    try {
      await this.client.workflow.start(WorkflowType.CONTRACT_ONBOARDING, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        ...UNIQUE_WORKFLOW_ID_POLICIES,
      });
      this.logger.log({ msg: 'contract onboarding started', workflowId });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return workflowId;
  }

  async termsChanged(contractId: string, change: { policy?: SlaPolicy; calendar?: BusinessCalendar }): Promise<boolean> {
    const handle = this.client.workflow.getHandle(contractOnboardingWorkflowId(contractId));
    try {
      if (change.policy) await handle.signal(policyChangedSignal, { policy: change.policy });
      if (change.calendar) await handle.signal(calendarChangedSignal, { calendar: change.calendar });
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.connection.close();
  }
}
