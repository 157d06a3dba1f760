// Contract events through libs/events' transactional outbox (table outbox_events, shipped to Kafka by the kit's
// relay), each enqueued in the transaction that makes the change: proto/sladesk/contracts/v1.
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { contractsV1, deterministicEventId, enqueueEvent } from '@sla-desk/events';
import { isoDateOf } from '@sla-desk/subgraph';
import type { Contract } from '../generated/prisma/client';
import type { Tx } from '../prisma.service';

export const PRODUCER = 'contracts-service';

const KIND: Record<Contract['kind'], contractsV1.ContractKind> = {
  WARRANTY: contractsV1.ContractKind.WARRANTY,
  SUBSCRIPTION: contractsV1.ContractKind.SUBSCRIPTION,
  ONE_OFF: contractsV1.ContractKind.ONE_OFF,
};

export async function contractSigned(
  tx: Tx,
  contract: Contract & { signedAt: Date },
  terms: { policyVersion: string; calendarId: string; accessListDueAt: Date },
): Promise<void> {
  await enqueueEvent(tx, {
    type: 'contract.signed',
    // A contract is signed once: a retried transaction inserts the event once.
    eventId: deterministicEventId('contract.signed', contract.id),
    tenantId: contract.customerId,
    producer: PRODUCER,
    occurredAt: contract.signedAt,
    payload: {
      contractId: contract.id,
      customerId: contract.customerId,
      number: contract.number,
      kind: KIND[contract.kind],
      signedAt: timestampFromDate(contract.signedAt),
      validFrom: isoDateOf(contract.validFrom),
      validTo: isoDateOf(contract.validTo),
      catalogItemIds: contract.catalogItemCodes,
      componentIds: contract.componentIds,
      policyVersion: terms.policyVersion,
      calendarId: terms.calendarId,
      contactEmail: contract.contactEmail,
      accessListDueAt: timestampFromDate(terms.accessListDueAt),
    },
  });
}

/** A signed contract's policy and/or calendar changed (the tickets service re-plans its running tickets). */
export async function contractTermsChanged(
  tx: Tx,
  contract: Contract,
  change: { policyChanged: boolean; calendarChanged: boolean; policyVersion: string; calendarId: string },
  /** What changed the terms besides the contract itself (a published production year), and when. */
  source?: { cause: string; at: Date },
): Promise<void> {
  const changedAt = source?.at ?? contract.updatedAt;
  await enqueueEvent(tx, {
    type: 'contract.terms_changed',
    eventId: deterministicEventId('contract.terms_changed', contract.id, contract.termsRevision, ...(source ? [source.cause] : [])),
    tenantId: contract.customerId,
    producer: PRODUCER,
    occurredAt: changedAt,
    payload: {
      contractId: contract.id,
      customerId: contract.customerId,
      termsRevision: contract.termsRevision,
      ...change,
      changedAt: timestampFromDate(changedAt),
    },
  });
}
