// The caller as a workflow actor. A user with several roles acts in the one the action allows (the workflow's
// permission table); with none of them the first role is sent and the workflow's validator rejects it.
import type { Caller } from '@sla-desk/auth';
import { TICKET_PERMISSIONS, type Actor, type ActorRole } from '@sla-desk/workflow-api';

export type TicketCommandAction = keyof typeof TICKET_PERMISSIONS;

export function actorFor(caller: Caller, action: TicketCommandAction | null): Actor {
  const roles = caller.roles as readonly ActorRole[];
  const allowed = action ? TICKET_PERMISSIONS[action] : [];
  const role = roles.find((r) => allowed.includes(r)) ?? roles[0];
  if (!role) throw new Error(`caller ${caller.userId} has no role`);
  return { id: caller.userId, role };
}
