/** Workflow ids, task queue, workflow type names and the start options every starter must use. */

/** The task queue of services/worker. */
export const SLA_DESK_TASK_QUEUE = 'sla-desk';

/** Workflow type names (the exported function names in workflows/src/index.ts). */
export const WorkflowType = {
  TICKET: 'ticketWorkflow',
  HOTLINE_CALLBACK: 'hotlineCallbackWorkflow',
  CONTRACT_ONBOARDING: 'contractOnboardingWorkflow',
} as const;

/** The ticket's business key as workflow id: one workflow per ticket, ever. */
export function ticketWorkflowId(ticketId: string): string {
  return `ticket-${ticketId}`;
}

export function hotlineCallbackWorkflowId(callId: string): string {
  return `hotline-callback-${callId}`;
}

export function contractOnboardingWorkflowId(contractId: string): string {
  return `contract-onboarding-${contractId}`;
}

/**
 * A second start of the same business key is rejected (WorkflowExecutionAlreadyStartedError), whether the first
 * run is still open (conflict policy FAIL) or already closed (reuse policy REJECT_DUPLICATE).
 */
export const UNIQUE_WORKFLOW_ID_POLICIES = {
  workflowIdConflictPolicy: 'FAIL',
  workflowIdReusePolicy: 'REJECT_DUPLICATE',
} as const;
