// Identity events through libs/events' transactional outbox (table outbox_events in the identity database, shipped
// to Kafka by OutboxRelay): each is enqueued in the transaction that makes the change it describes.
import { deterministicEventId, enqueueEvent, GLOBAL_TENANT, identityV1 } from '@sla-desk/events';
import type { Tx } from './prisma.service';
import type { AccessListChange, IdentityEvents, RegisteredUser, SessionsRevoked } from './events';

export const PRODUCER = 'identity-service';

function timestamp(date: Date) {
  const ms = date.getTime();
  return { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

export class OutboxIdentityEvents implements IdentityEvents {
  async userRegistered(tx: Tx, user: RegisteredUser): Promise<void> {
    await enqueueEvent(tx, {
      type: 'user.registered',
      eventId: deterministicEventId('user.registered', user.id),
      tenantId: user.organizationKind === 'CUSTOMER' ? user.organizationId : GLOBAL_TENANT,
      producer: PRODUCER,
      occurredAt: user.registeredAt,
      payload: {
        userId: user.id,
        organisationId: user.organizationId,
        kind: user.organizationKind === 'CUSTOMER' ? identityV1.UserKind.CUSTOMER_EMPLOYEE : identityV1.UserKind.PROVIDER_SPECIALIST,
        email: user.email,
        fullName: user.displayName,
        roles: [...user.roles],
        registeredAt: timestamp(user.registeredAt),
      },
    });
  }

  /** Access lists belong to customer organizations, so the tenant is the organization. */
  async accessListChanged(tx: Tx, change: AccessListChange): Promise<void> {
    await enqueueEvent(tx, {
      type: 'identity.access_list_changed',
      tenantId: change.organizationId,
      producer: PRODUCER,
      occurredAt: change.at,
      payload: {
        organisationId: change.organizationId,
        grantedUserIds: [...change.granted],
        revokedUserIds: [...change.revoked],
        changedBy: change.changedByUserId ?? '',
        changedAt: timestamp(change.at),
      },
    });
  }

  async sessionsRevoked(tx: Tx, revoked: SessionsRevoked): Promise<void> {
    if (revoked.sessionIds.length === 0) return;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: revoked.userId },
      select: { organizationId: true, organization: { select: { kind: true } } },
    });
    await enqueueEvent(tx, {
      type: 'identity.sessions_revoked',
      // A session is revoked once, so (user, sessions) identifies the fact: a retried transaction inserts it once.
      eventId: deterministicEventId('identity.sessions_revoked', revoked.userId, ...[...revoked.sessionIds].sort()),
      tenantId: user.organization.kind === 'CUSTOMER' ? user.organizationId : GLOBAL_TENANT,
      producer: PRODUCER,
      occurredAt: revoked.at,
      payload: {
        userId: revoked.userId,
        organisationId: user.organizationId,
        reason: revoked.reason,
        sessionCount: revoked.sessionIds.length,
        revokedAt: timestamp(revoked.at),
      },
    });
  }
}
