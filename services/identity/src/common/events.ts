// Events the identity service publishes. Every method is called inside the transaction that makes the change, so
// an outbox implementation commits the event with the state it describes.
//
// Contracts: proto/sladesk/identity/v1 (libs/events) — `user.registered`, `identity.access_list_changed`,
// `identity.sessions_revoked`. OutboxIdentityEvents (./outbox-events.ts, the default) writes them to libs/events'
// transactional outbox; LoggingIdentityEvents only logs them (for embedding without an outbox).
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
      event: 'identity.access_list_changed',
      organizationId: change.organizationId,
      granted: change.granted,
      revoked: change.revoked,
    });
  }

  async sessionsRevoked(_tx: Tx, revoked: SessionsRevoked): Promise<void> {
    this.logger.log({ event: 'identity.sessions_revoked', userId: revoked.userId, reason: revoked.reason });
  }
}
