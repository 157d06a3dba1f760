// What the consumer does with each event (one transaction with the processed_events claim, see libs/events):
// keep the small projections notices need (directory of users, customer contacts, ticket facts) and turn ticket and
// contract events into notices by the recipient rules of issue #14:
//   provider-side clocks → the assignee and the support managers;
//   customer-side clocks (acceptance, clarification, access list) → the ticket's author and the customer's admins;
//   breaches → both sides; reminders (warnings, requests) → the side owing the next action.
import { commonV1, identityV1, isUuid, PermanentError, ticketsV1, timestampDate, type EventHandlers } from '@sla-desk/events';
import type { NoticeKind } from './kinds';
import type { NoticeWriter, Tx } from './notice-writer';
import type { NoticeFacts } from './templates';

type Side = 'PROVIDER' | 'CUSTOMER';

interface TicketContext {
  ticketId: string;
  customerId: string;
  ref: string;
  title?: string;
  authorId: string | null;
  assigneeId: string | null;
}

async function ticketContext(tx: Tx, ticketId: string, tenantId: string): Promise<TicketContext> {
  // A malformed id can never succeed: dead-letter it (handler-rejected) rather than retry.
  if (!isUuid(ticketId)) throw new PermanentError(`ticket id ${ticketId} is not a UUID`);
  const { rows } = await tx.query<{
    customer_id: string;
    number: string;
    title: string;
    author_id: string | null;
    assignee_id: string | null;
  }>('SELECT customer_id, number, title, author_id, assignee_id FROM ticket_facts WHERE id = $1', [ticketId]);
  const fact = rows[0];
  if (fact) {
    return {
      ticketId,
      customerId: fact.customer_id,
      ref: fact.number,
      title: fact.title,
      authorId: fact.author_id,
      assigneeId: fact.assignee_id,
    };
  }
  // An event of a ticket registered before this consumer existed: the envelope's tenant is the customer.
  return { ticketId, customerId: tenantId, ref: ticketId.slice(0, 8), authorId: null, assigneeId: null };
}

/** Everyone on one side of a ticket who hears about it. */
async function sideOf(tx: Tx, side: Side, t: TicketContext): Promise<string[]> {
  if (side === 'PROVIDER') {
    const managers = await tx.query<{ id: string }>(
      "SELECT id FROM directory_users WHERE organization_kind = 'PROVIDER' AND 'SUPPORT_MANAGER' = ANY(roles)",
    );
    return [...(t.assigneeId ? [t.assigneeId] : []), ...managers.rows.map((m) => m.id)];
  }
  const admins = await customerAdmins(tx, t.customerId);
  return [...(t.authorId ? [t.authorId] : []), ...admins];
}

async function customerAdmins(tx: Tx, customerId: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM directory_users
     WHERE organization_id = $1 AND organization_kind = 'CUSTOMER' AND 'CUSTOMER_ADMIN' = ANY(roles) AND portal_access`,
    [customerId],
  );
  return rows.map((r) => r.id);
}

async function setAssignee(tx: Tx, ticketId: string, assigneeId: string | null): Promise<void> {
  await tx.query('UPDATE ticket_facts SET assignee_id = $2, updated_at = now() WHERE id = $1', [ticketId, assigneeId]);
}

function partyOf(clock: commonV1.Clock | undefined): Side {
  return clock?.party === commonV1.Party.CUSTOMER ? 'CUSTOMER' : 'PROVIDER';
}

function clockFacts(t: TicketContext, clock: commonV1.Clock | undefined): NoticeFacts {
  return {
    ticketRef: t.ref,
    ...(t.title ? { ticketTitle: t.title } : {}),
    clock: clock ? commonV1.ClockKind[clock.kind] : undefined,
    dueAt: clock?.dueAt ? timestampDate(clock.dueAt) : undefined,
    party: partyOf(clock),
  };
}

function factsOf(t: TicketContext, extra: NoticeFacts = {}): NoticeFacts {
  return { ticketRef: t.ref, ...(t.title ? { ticketTitle: t.title } : {}), ...extra };
}

export function noticeHandlers(writer: NoticeWriter): EventHandlers<Tx> {
  const notify = async (tx: Tx, eventId: string, kind: NoticeKind, t: TicketContext, sides: Side[], facts: NoticeFacts) => {
    const recipients = (await Promise.all(sides.map((s) => sideOf(tx, s, t)))).flat();
    await writer.write(tx, { eventId, kind, ticketId: t.ticketId, recipients, facts });
  };

  return {
    // ── projections ──────────────────────────────────────────────────────────────────────────────────────────────
    'user.registered': async ({ payload: p }, { tx }) => {
      if (!isUuid(p.userId) || !p.email.includes('@')) throw new PermanentError('user.registered without a user id or an email');
      const kind = p.kind === identityV1.UserKind.CUSTOMER_EMPLOYEE ? 'CUSTOMER' : 'PROVIDER';
      // Customers start on the access list unless an access_list_changed says otherwise; staff always have access.
      await tx.query(
        `INSERT INTO directory_users (id, organization_id, organization_kind, email, display_name, roles, portal_access)
         VALUES ($1, $2, $3, $4, $5, $6, true)
         ON CONFLICT (id) DO UPDATE SET organization_id = $2, organization_kind = $3, email = $4, display_name = $5, roles = $6, updated_at = now()`,
        [p.userId, p.organisationId, kind, p.email.trim().toLowerCase(), p.fullName, [...p.roles]],
      );
    },
    'identity.access_list_changed': async ({ payload: p }, { tx }) => {
      const set = (ids: string[], access: boolean) =>
        tx.query('UPDATE directory_users SET portal_access = $2, updated_at = now() WHERE id = ANY($1::uuid[])', [ids, access]);
      if (p.grantedUserIds.length) await set(p.grantedUserIds, true);
      if (p.revokedUserIds.length) await set(p.revokedUserIds, false);
    },
    'contract.signed': async ({ payload: p }, { tx }) => {
      if (!p.contactEmail) return;
      await tx.query(
        `INSERT INTO customer_contacts (organization_id, contact_email) VALUES ($1, $2)
         ON CONFLICT (organization_id) DO UPDATE SET contact_email = $2, updated_at = now()`,
        [p.customerId, p.contactEmail.trim().toLowerCase()],
      );
    },
    'ticket.registered': async ({ payload: p }, { tx }) => {
      if (!isUuid(p.ticketId)) throw new PermanentError(`ticket id ${p.ticketId} is not a UUID`);
      await tx.query(
        `INSERT INTO ticket_facts (id, customer_id, number, title, author_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET customer_id = $2, number = $3, title = $4, author_id = $5, updated_at = now()`,
        [p.ticketId, p.customerId, p.number || p.ticketId.slice(0, 8), p.title, p.registeredBy?.id || null],
      );
    },

    // ── ticket notices ───────────────────────────────────────────────────────────────────────────────────────────
    'ticket.analysed': async (event, { tx }) => {
      const p = event.payload;
      if (p.assigneeId) await setAssignee(tx, p.ticketId, p.assigneeId);
      if (p.outcome.case !== 'clarificationQuestion') return;
      const t = await ticketContext(tx, p.ticketId, event.tenantId);
      await notify(tx, event.id, 'CLARIFICATION_REQUESTED', t, ['CUSTOMER'], factsOf(t, { text: p.outcome.value, party: 'CUSTOMER' }));
    },
    'ticket.reassigned': async (event, { tx }) => {
      const p = event.payload;
      await setAssignee(tx, p.ticketId, p.assigneeId || null);
      if (!p.assigneeId) return;
      const t = await ticketContext(tx, p.ticketId, event.tenantId);
      await writer.write(tx, {
        eventId: event.id,
        kind: 'TICKET_ASSIGNED',
        ticketId: p.ticketId,
        recipients: [p.assigneeId],
        facts: factsOf(t),
      });
    },
    'ticket.status_changed': async (event, { tx }) => {
      const p = event.payload;
      const S = ticketsV1.TicketStatus;
      if (p.status === S.SOLUTION_DELIVERED && p.fromStatus !== S.SOLUTION_DELIVERED) {
        const t = await ticketContext(tx, p.ticketId, event.tenantId);
        await notify(tx, event.id, 'SOLUTION_DELIVERED', t, ['CUSTOMER'], factsOf(t, { text: p.comment, party: 'CUSTOMER' }));
      } else if (p.action === ticketsV1.TicketAction.SEND_REMARKS) {
        const t = await ticketContext(tx, p.ticketId, event.tenantId);
        await notify(tx, event.id, 'REMARKS_RECEIVED', t, ['PROVIDER'], factsOf(t, { text: p.remarks.join('\n'), party: 'PROVIDER' }));
      }
    },
    'ticket.clock_warning': async (event, { tx }) => {
      const t = await ticketContext(tx, event.payload.ticketId, event.tenantId);
      const clock = event.payload.clock;
      // The reminder goes to the side that owes the action: the clock's party.
      await notify(tx, event.id, 'CLOCK_WARNING', t, [partyOf(clock)], clockFacts(t, clock));
    },
    'ticket.clock_breached': async (event, { tx }) => {
      const t = await ticketContext(tx, event.payload.ticketId, event.tenantId);
      await notify(tx, event.id, 'CLOCK_BREACHED', t, ['PROVIDER', 'CUSTOMER'], clockFacts(t, event.payload.clock));
    },
    'ticket.clock_expired': async (event, { tx }) => {
      // The customer's clarification time ran out: the customer learns it, the provider may now close the ticket.
      const t = await ticketContext(tx, event.payload.ticketId, event.tenantId);
      await notify(tx, event.id, 'CLARIFICATION_EXPIRED', t, ['CUSTOMER', 'PROVIDER'], clockFacts(t, event.payload.clock));
    },
    'ticket.provider_freed': async (event, { tx }) => {
      const t = await ticketContext(tx, event.payload.ticketId, event.tenantId);
      await notify(tx, event.id, 'PROVIDER_FREED', t, ['PROVIDER', 'CUSTOMER'], factsOf(t));
    },
    'ticket.comment_added': async (event, { tx }) => {
      const p = event.payload;
      const t = await ticketContext(tx, p.ticketId, event.tenantId);
      // The other side hears of it; internal notes stay with the provider. The author never notifies themselves.
      const side: Side = p.authorParty === commonV1.Party.CUSTOMER ? 'PROVIDER' : 'CUSTOMER';
      if (side === 'CUSTOMER' && p.internal) return;
      const recipients = (await sideOf(tx, side, t)).filter((id) => id !== p.author?.id);
      await writer.write(tx, {
        eventId: event.id,
        kind: 'COMMENT_ADDED',
        ticketId: p.ticketId,
        recipients,
        facts: factsOf(t, { text: p.body }),
      });
    },

    // ── contract notices ─────────────────────────────────────────────────────────────────────────────────────────
    'contract.access_list_clock_changed': async (event, { tx }) => {
      const p = event.payload;
      const C = commonV1.ClockChange;
      if (p.change !== C.WARNING && p.change !== C.BREACHED) return;
      const admins = await customerAdmins(tx, p.customerId);
      const managers = p.change === C.BREACHED ? await sideOf(tx, 'PROVIDER', { assigneeId: null } as TicketContext) : [];
      await writer.write(tx, {
        eventId: event.id,
        kind: 'ACCESS_LIST_CLOCK',
        recipients: [...admins, ...managers],
        facts: { clock: 'ACCESS_LIST', dueAt: p.clock?.dueAt ? timestampDate(p.clock.dueAt) : undefined, party: 'CUSTOMER' },
      });
    },
  };
}
