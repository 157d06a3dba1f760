export * from './types';
export { defaultSlaPolicy, withPolicyOverrides, validatePolicy, PolicyError, type PolicyOverrides } from './default-policy';
export {
  clockId,
  releaseKindFor,
  classificationProblem,
  planTicketClocks,
  solutionDeadline,
  planSimpleClock,
  latestDue,
  clockEvents,
  dueClockEvents,
  nextClockEventAt,
  type ClassificationProblem,
  type FiringOptions,
} from './planner';
