/**
 * Who may do what in the workflows (validated in the update validators; the portal can use the same tables to show
 * only the actions a user may take). The roles themselves are defined once in @sla-desk/roles.
 */
import { CUSTOMER_ROLES, PROVIDER_ROLES } from '@sla-desk/roles';
import { ActorRole, type Actor, type Party, type TicketAction } from './types';

const CUSTOMER: readonly ActorRole[] = CUSTOMER_ROLES;
/** The provider staff who work on tickets (ADMIN is provider staff but administers accounts, not tickets). */
const TICKET_STAFF: readonly ActorRole[] = [ActorRole.SPECIALIST, ActorRole.SUPPORT_MANAGER];

/** The roles allowed to take each action through an update. */
export const TICKET_PERMISSIONS: Readonly<
  Record<Exclude<TicketAction, 'REGISTER' | 'RELEASE_SHIPPED' | 'REQUEST_CLARIFICATION' | 'PROVIDER_FREED'>, readonly ActorRole[]>
> = {
  ANALYSE: TICKET_STAFF,
  ANSWER_CLARIFICATION: CUSTOMER,
  DELIVER_SOLUTION: TICKET_STAFF,
  ACCEPT: CUSTOMER,
  SEND_REMARKS: CUSTOMER,
  FILE_DELAY_NOTICE: [...TICKET_STAFF, ...CUSTOMER],
  CLOSE: [...TICKET_STAFF, ActorRole.SYSTEM],
  CLOSE_WITHOUT_PROCESSING: [...TICKET_STAFF, ActorRole.SYSTEM],
  CANCEL: CUSTOMER,
  REASSIGN: [ActorRole.SUPPORT_MANAGER, ActorRole.ADMIN],
};

/** The roles allowed to complete the single-clock workflows. */
export const SIMPLE_CLOCK_PERMISSIONS = {
  /** The specialist (or a manager) called the caller back. */
  COMPLETE_CALLBACK: TICKET_STAFF,
  /** The customer's admin hands the list over; the provider's manager or admin may enter one received by e-mail. */
  SUBMIT_ACCESS_LIST: [ActorRole.CUSTOMER_ADMIN, ActorRole.SUPPORT_MANAGER, ActorRole.ADMIN],
} as const satisfies Record<string, readonly ActorRole[]>;

/** Which side of the contract an actor acts for (null: SYSTEM). ADMIN acts for the provider. */
export function partyOf(actor: Actor): Party | null {
  if (CUSTOMER.includes(actor.role)) return 'CUSTOMER';
  if ((PROVIDER_ROLES as readonly ActorRole[]).includes(actor.role)) return 'PROVIDER';
  return null;
}

export function mayTake(action: keyof typeof TICKET_PERMISSIONS, actor: Actor): boolean {
  return TICKET_PERMISSIONS[action].includes(actor.role);
}
