/**
 * Contract onboarding (`contract-onboarding-<contractId>`): the customer must hand over the list of employees who
 * get portal access within 3 working days of signing. One clock (the customer's): a reminder, a breach at due,
 * stopped when the list arrives (docs/sla-rules.md#access-list).
 */
import { continueAsNew } from '@temporalio/workflow';
import {
  ClockKind,
  RejectionCode,
  SIMPLE_CLOCK_PERMISSIONS,
  onboardingStatusQuery,
  submitAccessListUpdate,
  type ContractOnboardingInput,
  type SimpleClockView,
} from '@sla-desk/workflow-api';
import type { SimpleClockSpec } from './simple-clock/machine';
import { reject } from './shared/input';
import { openSimpleClock, runSimpleClock } from './simple-clock/run';

export async function contractOnboardingWorkflow(input: ContractOnboardingInput): Promise<SimpleClockView> {
  const spec: SimpleClockSpec = {
    subject: { type: 'CONTRACT', id: input.contractId, customerId: input.customerId },
    kind: ClockKind.ACCESS_LIST,
    party: 'CUSTOMER',
    startedAt: input.signedAt,
    amount: (p) => p.accessList,
    notice: (p) => p.accessListNotice,
  };
  const m = await openSimpleClock(spec, input, onboardingStatusQuery);
  const result = await runSimpleClock(m, submitAccessListUpdate, SIMPLE_CLOCK_PERMISSIONS.SUBMIT_ACCESS_LIST, (i) => {
    if (!Array.isArray(i.employees) || i.employees.length === 0 || i.employees.some((e) => typeof e !== 'string' || e.trim() === '')) {
      reject(RejectionCode.INVALID_INPUT, 'employees: at least one login is required');
    }
  });
  if ('continueWith' in result) return continueAsNew<typeof contractOnboardingWorkflow>({ ...input, continued: result.continueWith });
  return result.view;
}
