/**
 * Who may do what on a ticket (validated in the update validators; the portal can use the same table to show
 * only the actions a user may take).
 */
import { ActorRole, type Actor, type Party, type TicketAction } from './types';

const CUSTOMER: readonly ActorRole[] = [ActorRole.CUSTOMER_EMPLOYEE, ActorRole.CUSTOMER_ADMIN];
const PROVIDER: readonly ActorRole[] = [ActorRole.SPECIALIST, ActorRole.SUPPORT_MANAGER];

/** The roles allowed to take each action through an update. */
export const TICKET_PERMISSIONS: Readonly<Record<Exclude<TicketAction, 'REGISTER' | 'RELEASE_SHIPPED' | 'REQUEST_CLARIFICATION' | 'PROVIDER_FREED'>, readonly ActorRole[]>> = {
  ANALYSE: PROVIDER,
  ANSWER_CLARIFICATION: CUSTOMER,
  DELIVER_SOLUTION: PROVIDER,
  ACCEPT: CUSTOMER,
  SEND_REMARKS: CUSTOMER,
  FILE_DELAY_NOTICE: [...PROVIDER, ...CUSTOMER],
  CLOSE: [...PROVIDER, ActorRole.SYSTEM],
  CLOSE_WITHOUT_PROCESSING: [...PROVIDER, ActorRole.SYSTEM],
  CANCEL: CUSTOMER,
  REASSIGN: [ActorRole.SUPPORT_MANAGER, ActorRole.ADMIN],
};

/** Which side of the contract an actor acts for (null: neither, e.g. ADMIN or SYSTEM). */
export function partyOf(actor: Actor): Party | null {
  if (CUSTOMER.includes(actor.role)) return 'CUSTOMER';
  if (PROVIDER.includes(actor.role)) return 'PROVIDER';
  return null;
}

export function mayTake(action: keyof typeof TICKET_PERMISSIONS, actor: Actor): boolean {
  return TICKET_PERMISSIONS[action].includes(actor.role);
}
