// From the workflow's snapshot (plus the registration row) to the GraphQL types.
import { formatInZone } from '@sla-desk/sla';
import type { ClockView, HistoryEntry } from '@sla-desk/workflow-api';
import type { TicketRecord } from '../read-model/ticket-record';
import type { Attachment } from '../generated/prisma/client';
import type { AttachmentType, ClockType, TicketType, TransitionType } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Catalog components and contracts are named by UUIDs; anything else (the placeholder contract, a free-text component) has no entity. */
const isUuid = (value: string): boolean => UUID.test(value);
const date = (iso: string | null | undefined): Date | undefined => (iso ? new Date(iso) : undefined);
const local = (iso: string | null | undefined, zone: string): string | undefined => (iso ? formatInZone(new Date(iso), zone) : undefined);

export function toClock(c: ClockView, timeZone: string): ClockType {
  return {
    id: c.id,
    kind: c.kind,
    party: c.party,
    round: c.round,
    state: c.state,
    startedAt: new Date(c.startedAt),
    dueAt: date(c.dueAt),
    noticeAt: date(c.noticeAt),
    timeZone,
    dueAtLocal: local(c.dueAt, timeZone),
    noticeAtLocal: local(c.noticeAt, timeZone),
    binding: c.binding,
    warnedAt: date(c.warnedAt),
    breachedAt: date(c.breachedAt),
    expiredAt: date(c.expiredAt),
    stoppedAt: date(c.stoppedAt),
    delayNotice: c.delayNotice && { ...c.delayNotice, filedAt: new Date(c.delayNotice.filedAt) },
    provisional: c.provisional,
  };
}

export function toTicket({ view: v, registration: r }: TicketRecord, timeZone: string): TicketType {
  return {
    id: v.ticketId,
    customerId: v.customerId,
    customer: { id: v.customerId },
    contractId: v.contractId,
    contract: isUuid(v.contractId) ? { id: v.contractId } : undefined,
    authorId: r?.authorId,
    author: r ? { id: r.authorId } : undefined,
    title: v.title,
    description: r?.description,
    componentId: r?.component,
    component: r && isUuid(r.component) ? { id: r.component } : undefined,
    channel: v.channel,
    warranty: v.warranty,
    status: v.status,
    category: v.category,
    priority: v.priority,
    assigneeId: v.assignee,
    assignee: v.assignee ? { id: v.assignee } : undefined,
    plannedDate: date(v.plannedDate),
    registeredAt: new Date(v.registeredAt),
    slaState: v.slaState,
    providerFreedAt: date(v.providerFreedAt),
    closeWithoutProcessingAllowed: v.closeWithoutProcessingAllowed,
    clocks: v.clocks.map((c) => toClock(c, timeZone)),
    updatedAt: new Date(v.updatedAt),
  };
}

export function toTransition(h: HistoryEntry): TransitionType {
  return { at: new Date(h.at), action: h.action, from: h.from, to: h.to, actorId: h.actor.id, actorRole: h.actor.role };
}

export function toAttachment(a: Attachment): AttachmentType {
  return {
    id: a.id,
    ticketId: a.ticketId,
    commentId: a.commentId,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    uploadedById: a.uploadedBy,
    createdAt: a.createdAt,
  };
}
