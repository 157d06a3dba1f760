// Events the identity service publishes. Every method is called inside the transaction that makes the change, so
// an outbox implementation commits the event with the state it describes.
//
// SEAM: `user.registered` has a contract in proto/sladesk/identity/v1 (libs/events); access-list and session events
// have none yet. LoggingIdentityEvents only logs them; OutboxIdentityEvents (./outbox-events.ts) writes
// `user.registered` to libs/events' transactional outbox. Proposed contracts for the rest are in the README
// section "GraphQL API" → "Events".
import { Logger } from '@nestjs/common';
import type { Tx } from './prisma.service';

export interface RegisteredUser {
  id: string;
  organizationId: string;
  organizationKind: 'PROVIDER' | 'CUSTOMER';
  email: string;
  displayName: string;
  roles: readonly string[];
  registeredAt: Date;
}

export interface AccessListChange {
  organizationId: string;
  /** User ids now on the list (the complete list after the change). */
  members: readonly string[];
  granted: readonly string[];
  revoked: readonly string[];
  changedByUserId: string | null;
  at: Date;
}

export interface SessionsRevoked {
  userId: string;
  sessionIds: readonly string[];
  reason: string;
  at: Date;
}

export interface IdentityEvents {
  userRegistered(tx: Tx, user: RegisteredUser): Promise<void>;
  accessListChanged(tx: Tx, change: AccessListChange): Promise<void>;
  sessionsRevoked(tx: Tx, revoked: SessionsRevoked): Promise<void>;
}

export const IDENTITY_EVENTS = Symbol('IDENTITY_EVENTS');

/** The seam's default: records what would be published in the log. */
export class LoggingIdentityEvents implements IdentityEvents {
  private readonly logger = new Logger('IdentityEvents');

  async userRegistered(_tx: Tx, user: RegisteredUser): Promise<void> {
    this.logger.log({ event: 'user.registered', userId: user.id, organizationId: user.organizationId });
  }

  async accessListChanged(_tx: Tx, change: AccessListChange): Promise<void> {
    this.logger.log({
      event: 'identity.access_list_changed (no contract yet)',
      organizationId: change.organizationId,
      granted: change.granted,
      revoked: change.revoked,
    });
  }

  async sessionsRevoked(_tx: Tx, revoked: SessionsRevoked): Promise<void> {
    this.logger.log({ event: 'identity.sessions_revoked (no contract yet)', userId: revoked.userId, reason: revoked.reason });
  }
}
