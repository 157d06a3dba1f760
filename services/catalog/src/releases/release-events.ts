// Release events through libs/events' transactional outbox (proto/sladesk/releases/v1, topic sladesk.releases.v1
// keyed by release id, tenant "global": releases are provider-wide facts). Each is enqueued in the transaction that
// records the change; its id is derived from the release and the change's sequence, so a retry inserts it once.
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { deterministicEventId, enqueueEvent, GLOBAL_TENANT, releasesV1, type EventInput, type EventType } from '@sla-desk/events';
import type { Component, Release, ReleaseChange } from '../generated/prisma/client';
import type { Tx } from '../prisma.service';

export const PRODUCER = 'catalog-service';

const KIND: Record<Release['kind'], releasesV1.ReleaseKind> = {
  PLANNED: releasesV1.ReleaseKind.PLANNED,
  UNPLANNED: releasesV1.ReleaseKind.UNPLANNED,
};

function enqueue<T extends EventType>(tx: Tx, type: T, change: ReleaseChange, payload: EventInput<T>['payload']) {
  return enqueueEvent(tx, {
    type,
    eventId: deterministicEventId(type, change.releaseId, change.sequence),
    tenantId: GLOBAL_TENANT,
    producer: PRODUCER,
    occurredAt: change.changedAt,
    payload,
  });
}

export function releaseScheduled(tx: Tx, release: Release, component: Component, change: ReleaseChange) {
  return enqueue(tx, 'release.scheduled', change, {
    releaseId: release.id,
    productId: component.productId,
    componentId: release.componentId,
    kind: KIND[release.kind],
    version: release.version,
    scheduledAt: timestampFromDate(release.scheduledFor),
  });
}

export function releaseRescheduled(tx: Tx, release: Release, previous: Date, change: ReleaseChange) {
  return enqueue(tx, 'release.rescheduled', change, {
    releaseId: release.id,
    componentId: release.componentId,
    kind: KIND[release.kind],
    previousScheduledAt: timestampFromDate(previous),
    scheduledAt: timestampFromDate(release.scheduledFor),
    reason: change.reason ?? '',
  });
}

export function releaseShipped(tx: Tx, release: Release & { shippedAt: Date }, change: ReleaseChange) {
  return enqueue(tx, 'release.shipped', change, {
    releaseId: release.id,
    componentId: release.componentId,
    kind: KIND[release.kind],
    version: release.version,
    shippedAt: timestampFromDate(release.shippedAt),
  });
}
