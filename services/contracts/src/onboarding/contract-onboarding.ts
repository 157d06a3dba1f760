// Starting the contract-onboarding workflow (services/worker runs it): the customer's access list is due 3 working
// days after signing. One workflow per contract (workflow id contract-onboarding-<id>), so starting it again after
// a retried signContract is harmless.
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import {
  contractOnboardingWorkflowId,
  UNIQUE_WORKFLOW_ID_POLICIES,
  WorkflowType,
  type ContractOnboardingInput,
} from '@sla-desk/workflow-api';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { ContractsConfig } from '../config';

export interface ContractOnboarding {
  /** Starts the contract's onboarding workflow unless it already exists; returns its workflow id. */
  start(input: ContractOnboardingInput): Promise<string>;
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

  async onModuleDestroy(): Promise<void> {
    await this.connection.close();
  }
}
