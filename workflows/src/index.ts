// The workflows the worker registers (bundle this file: `workflowsPath: require.resolve('@sla-desk/workflows')`).
export { ticketWorkflow } from './ticket.workflow';
export { hotlineCallbackWorkflow } from './hotline-callback.workflow';
export { contractOnboardingWorkflow } from './contract-onboarding.workflow';
