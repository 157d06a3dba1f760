// Login sessions and their rotating refresh tokens. A session is one refresh-token family: each refresh token is
// usable once; using one issues the next. Presenting a token that was already used means it was copied, so the
// whole family is revoked (both the thief's and the owner's copies stop working) — except for a short grace
// window (two tabs refreshing at once, a retry after a lost response): while the token issued in its place is
// still unused, the same token returns that same pair again.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccessTokenSigner, unauthenticated, type Caller, type RequestIdentity } from '@sla-desk/auth';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { IDENTITY_EVENTS, type IdentityEvents } from '../common/events';
import { PrismaService, type Tx } from '../common/prisma.service';
import { hashOpaqueToken, newOpaqueToken, openWithToken, sealWithToken } from '../common/tokens';
import type { Prisma } from '../generated/prisma/client';
import { canLogIn, WITH_ACCESS, type UserWithAccess } from '../users/user-access';

const WITH_ROTATION = { replacedBy: true, session: { include: { user: { include: WITH_ACCESS } } } } as const;
type StoredRefreshToken = Prisma.RefreshTokenGetPayload<{ include: typeof WITH_ROTATION }>;

export const ACCESS_TOKEN_SIGNER = Symbol('ACCESS_TOKEN_SIGNER');

export const RevokeReason = {
  LOGOUT: 'LOGOUT',
  REFRESH_TOKEN_REUSE: 'REFRESH_TOKEN_REUSE',
  ACCESS_REMOVED: 'ACCESS_REMOVED',
  PASSWORD_CHANGED: 'PASSWORD_CHANGED',
  PASSWORD_RESET: 'PASSWORD_RESET',
  USER_DISABLED: 'USER_DISABLED',
} as const;
export type RevokeReason = (typeof RevokeReason)[keyof typeof RevokeReason];

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  refreshTokenId: string;
  sessionId: string;
}

export function callerOf(user: UserWithAccess, sessionId: string): Caller {
  return {
    userId: user.id,
    organizationId: user.organizationId,
    organizationKind: user.organization.kind,
    roles: user.roles,
    sessionId,
  };
}

const INVALID_REFRESH = 'Invalid or expired refresh token';

@Injectable()
export class Sessions {
  private readonly logger = new Logger(Sessions.name);

  constructor(
    private readonly prisma: PrismaService,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(ACCESS_TOKEN_SIGNER) private readonly signer: AccessTokenSigner,
    @Inject(IDENTITY_EVENTS) private readonly events: IdentityEvents,
  ) {}

  /** Starts a session for a user who just proved who they are. */
  async start(user: UserWithAccess, identity: RequestIdentity, now = new Date()): Promise<IssuedTokens> {
    const session = await this.prisma.session.create({
      data: {
        userId: user.id,
        expiresAt: new Date(now.getTime() + this.config.sessionMaxAgeSeconds * 1000),
        clientAddress: identity.clientAddress.slice(0, 100),
        userAgent: identity.userAgent?.slice(0, 300) ?? null,
      },
    });
    return this.issue(this.prisma, user, session.id, session.expiresAt, now);
  }

  /** Exchanges a refresh token for a new access + refresh token pair. */
  async refresh(refreshToken: string, now = new Date()): Promise<IssuedTokens & { user: UserWithAccess }> {
    const hash = hashOpaqueToken(refreshToken, 'rt');
    if (hash === null) throw unauthenticated(INVALID_REFRESH);
    let token = await this.findRefreshToken(hash);
    if (!token) throw unauthenticated(INVALID_REFRESH);
    const { session } = token;
    if (session.revokedAt !== null || session.expiresAt <= now) throw unauthenticated(INVALID_REFRESH);
    if (token.usedAt === null) {
      if (token.expiresAt <= now) throw unauthenticated(INVALID_REFRESH);
      if (!canLogIn(session.user)) {
        await this.revokeAllForUser(session.userId, RevokeReason.ACCESS_REMOVED, now);
        throw unauthenticated(INVALID_REFRESH);
      }
      const rotated = await this.rotate(token, refreshToken, now);
      if (rotated) return { ...rotated, user: session.user };
      // A concurrent refresh with the same token won (and has committed): answer as a repeat of it.
      token = (await this.findRefreshToken(hash))!;
    }
    return this.repeat(token, refreshToken, now);
  }

  /** Ends the session the refresh token belongs to. Unknown tokens are ignored (no oracle). */
  async logout(refreshToken: string, now = new Date()): Promise<void> {
    const hash = hashOpaqueToken(refreshToken, 'rt');
    if (hash === null) return;
    const token = await this.prisma.refreshToken.findUnique({ where: { tokenHash: hash }, select: { sessionId: true } });
    if (!token) return;
    await this.prisma.session.updateMany({
      where: { id: token.sessionId, revokedAt: null },
      data: { revokedAt: now, revokeReason: RevokeReason.LOGOUT },
    });
  }

  /** Whether an access token's session is still live (identity checks this on every authenticated operation). */
  async isActive(sessionId: string, now = new Date()): Promise<boolean> {
    const count = await this.prisma.session.count({ where: { id: sessionId, revokedAt: null, expiresAt: { gt: now } } });
    return count > 0;
  }

  /** Revokes every live session of a user (optionally keeping one), in the given transaction or on its own. */
  async revokeAllForUser(
    userId: string,
    reason: RevokeReason,
    now = new Date(),
    options: { tx?: Tx; exceptSessionId?: string } = {},
  ): Promise<number> {
    const run = async (tx: Tx) => {
      const sessions = await tx.session.findMany({
        where: { userId, revokedAt: null, ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}) },
        select: { id: true },
      });
      if (sessions.length === 0) return 0;
      const ids = sessions.map((s) => s.id);
      await tx.session.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: now, revokeReason: reason } });
      await this.events.sessionsRevoked(tx, { userId, sessionIds: ids, reason, at: now });
      return ids.length;
    };
    return options.tx ? run(options.tx) : this.prisma.$transaction(run);
  }

  private findRefreshToken(tokenHash: string): Promise<StoredRefreshToken | null> {
    return this.prisma.refreshToken.findUnique({ where: { tokenHash }, include: WITH_ROTATION });
  }

  /** Uses the token up and issues the next, sealed under it for repeats; null when someone else used it first. */
  private async rotate(token: StoredRefreshToken, presented: string, now: Date): Promise<IssuedTokens | null> {
    const { session } = token;
    return this.prisma.$transaction(async (tx) => {
      // Of concurrent refreshes with one token, one claims it; the others wait for its commit, then see it used.
      const claimed = await tx.refreshToken.updateMany({ where: { id: token.id, usedAt: null }, data: { usedAt: now } });
      if (claimed.count === 0) return null;
      const next = await this.issue(tx, session.user, session.id, session.expiresAt, now);
      await tx.refreshToken.update({
        where: { id: token.id },
        data: { replacedById: next.refreshTokenId, replacementSealed: sealWithToken(presented, next.refreshToken) },
      });
      await tx.session.update({ where: { id: session.id }, data: { lastRefreshedAt: now } });
      return next;
    });
  }

  /**
   * A used token presented again: within the grace window, and while the token issued in its place is unused,
   * the same pair (the access token is re-signed with the same claims and times, so it is the same token);
   * otherwise the token was copied and the session ends.
   */
  private async repeat(token: StoredRefreshToken, presented: string, now: Date): Promise<IssuedTokens & { user: UserWithAccess }> {
    const { session, replacedBy, usedAt } = token;
    const graceEnds = (usedAt?.getTime() ?? 0) + this.config.refreshReuseGraceSeconds * 1000;
    const refreshToken = token.replacementSealed ? openWithToken(presented, token.replacementSealed) : null;
    if (!usedAt || now.getTime() > graceEnds || !replacedBy || replacedBy.usedAt !== null || refreshToken === null) {
      return this.reuseDetected(session.id, session.userId, now);
    }
    if (session.revokedAt !== null || !canLogIn(session.user)) throw unauthenticated(INVALID_REFRESH);
    const access = await this.signer.sign(callerOf(session.user, session.id), usedAt.getTime());
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt: replacedBy.expiresAt,
      refreshTokenId: replacedBy.id,
      sessionId: session.id,
      user: session.user,
    };
  }

  private async reuseDetected(sessionId: string, userId: string, now: Date): Promise<never> {
    await this.prisma.$transaction(async (tx) => {
      await tx.session.updateMany({
        where: { id: sessionId, revokedAt: null },
        data: { revokedAt: now, revokeReason: RevokeReason.REFRESH_TOKEN_REUSE },
      });
      await this.events.sessionsRevoked(tx, { userId, sessionIds: [sessionId], reason: RevokeReason.REFRESH_TOKEN_REUSE, at: now });
    });
    this.logger.warn({ msg: 'Refresh token reuse detected; session revoked', sessionId, userId });
    throw unauthenticated('Refresh token was already used; the session has been revoked for safety');
  }

  private async issue(
    db: Tx | PrismaService,
    user: UserWithAccess,
    sessionId: string,
    sessionExpiresAt: Date,
    now: Date,
  ): Promise<IssuedTokens> {
    const refreshToken = newOpaqueToken('rt');
    const refreshTokenExpiresAt = new Date(Math.min(sessionExpiresAt.getTime(), now.getTime() + this.config.refreshTokenTtlSeconds * 1000));
    const row = await db.refreshToken.create({
      data: { sessionId, tokenHash: hashOpaqueToken(refreshToken, 'rt')!, expiresAt: refreshTokenExpiresAt },
    });
    const access = await this.signer.sign(callerOf(user, sessionId), now.getTime());
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt,
      refreshTokenId: row.id,
      sessionId,
    };
  }
}
