// Identity events through libs/events' transactional outbox (table outbox_events in the identity database, shipped
// to Kafka by OutboxRelay). `user.registered` has a contract; the others stay a logged seam until proto/ has
// identity contracts for them (see common/events.ts).
import { deterministicEventId, enqueueEvent, GLOBAL_TENANT, identityV1 } from '@sla-desk/events';
import type { Tx } from './prisma.service';
import { LoggingIdentityEvents, type IdentityEvents, type RegisteredUser } from './events';

export const PRODUCER = 'identity-service';

function timestamp(date: Date) {
  const ms = date.getTime();
  return { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

export class OutboxIdentityEvents extends LoggingIdentityEvents implements IdentityEvents {
  override async userRegistered(tx: Tx, user: RegisteredUser): Promise<void> {
    await enqueueEvent(tx, {
      type: 'user.registered',
      eventId: deterministicEventId('user.registered', user.id),
      tenantId: user.organizationKind === 'CUSTOMER' ? user.organizationId : GLOBAL_TENANT,
      producer: PRODUCER,
      occurredAt: user.registeredAt,
      payload: {
        userId: user.id,
        organisationId: user.organizationId,
        kind:
          user.organizationKind === 'CUSTOMER'
            ? identityV1.UserKind.CUSTOMER_EMPLOYEE
            : identityV1.UserKind.PROVIDER_SPECIALIST,
        email: user.email,
        fullName: user.displayName,
        roles: [...user.roles],
        registeredAt: timestamp(user.registeredAt),
      },
    });
  }
}
