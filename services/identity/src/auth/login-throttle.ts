// Login throttling. Every attempt (login, and the current-password check of changePassword) first *reserves* a
// failure on three counters, atomically, before the password is verified; a success hands its reservation back.
// So parallel attempts cannot get past a limit: attempts still being verified already count.
//
//   - account and address (one account tried from one client address): refused after `maxFailuresPerAccountAndAddress`;
//   - account (the email tried, from anywhere, whether or not it exists, so it reveals nothing): refused after
//     `maxFailuresPerAccount` — stops guessing one account from many addresses;
//   - address (everything from one client address): never refused, only slowed down past `addressSlowdownAfterFailures`
//     (each further attempt waits longer, up to `slowdownMaxMs`), so one address spraying many accounts cannot
//     lock out everyone else behind the same address (an office NAT, the provider's own admin).
//
// Counters are fixed windows in PostgreSQL (replicas share them): a refused key stays locked for `lockoutSeconds`;
// while locked even a correct password is refused.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { rateLimited } from '@sla-desk/auth';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { PrismaService, type Tx } from '../common/prisma.service';

// Keys are hashed: any input is a safe, bounded key, and the table holds no email or client addresses.
function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function accountKey(normalizedEmail: string): string {
  return `account:${digest(normalizedEmail)}`;
}

/** The account tried from one address; starts with the account's digest so all of an account's keys can be cleared. */
export function accountAddressKey(normalizedEmail: string, address: string): string {
  return `account-address:${digest(normalizedEmail)}:${digest(address)}`;
}

export function addressKey(address: string): string {
  return `address:${digest(address)}`;
}

interface Counter {
  key: string;
  /** Failures after which attempts are refused; null: never refused, only slowed down. */
  limit: number | null;
}

/** A reserved attempt: hand it to `succeeded` when the password was right. Otherwise it stays counted. */
export interface LoginAttempt {
  readonly account: string;
  readonly accountAddress: string;
  readonly address: string;
}

interface Row {
  key: string;
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

@Injectable()
export class LoginThrottle {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /**
   * Reserves one attempt for `email` from `address` (throws RATE_LIMITED when a limit is reached, changing
   * nothing), then waits out the address's slow-down.
   */
  async reserve(normalizedEmail: string, address: string, now = new Date()): Promise<LoginAttempt> {
    const { maxFailuresPerAccountAndAddress, maxFailuresPerAccount } = this.config.login;
    const attempt: LoginAttempt = {
      account: accountKey(normalizedEmail),
      accountAddress: accountAddressKey(normalizedEmail, address),
      address: addressKey(address),
    };
    const counters: Counter[] = [
      { key: attempt.accountAddress, limit: maxFailuresPerAccountAndAddress },
      { key: attempt.account, limit: maxFailuresPerAccount },
      { key: attempt.address, limit: null },
    ];
    const result = await this.prisma.$transaction((tx) => this.reserveIn(tx, counters, now));
    if ('refusedUntil' in result) {
      throw rateLimited('Too many failed login attempts; try again later', (result.refusedUntil.getTime() - now.getTime()) / 1000);
    }
    const delay = this.slowdownMs(result.addressFailures);
    if (delay > 0) await sleep(delay);
    return attempt;
  }

  /**
   * The password was right: this account's failures from this address are forgotten; the account and address
   * counters only get the reservation back (failures from elsewhere, e.g. an attacker's, still count).
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.loginThrottle.deleteMany({ where: { key: attempt.accountAddress } }),
      this.prisma.loginThrottle.updateMany({
        where: { key: { in: [attempt.account, attempt.address] }, failures: { gt: 0 } },
        data: { failures: { decrement: 1 } },
      }),
    ]);
  }

  /** After a new password is set: the account's counters start afresh (from every address). */
  async clearAccount(normalizedEmail: string): Promise<void> {
    await this.prisma.loginThrottle.deleteMany({
      where: { OR: [{ key: accountKey(normalizedEmail) }, { key: { startsWith: `account-address:${digest(normalizedEmail)}:` } }] },
    });
  }

  /** Milliseconds an attempt waits given the address's failures before it (exponential past the threshold). */
  slowdownMs(addressFailures: number): number {
    const { addressSlowdownAfterFailures, slowdownBaseMs, slowdownMaxMs } = this.config.login;
    const excess = addressFailures - addressSlowdownAfterFailures;
    if (excess < 0 || slowdownBaseMs === 0) return 0;
    return Math.min(slowdownMaxMs, slowdownBaseMs * 2 ** Math.min(excess, 30));
  }

  /** Counts the attempt, or says until when it is refused. Row locks serialise attempts on the same keys. */
  private async reserveIn(tx: Tx, counters: readonly Counter[], now: Date): Promise<{ refusedUntil: Date } | { addressFailures: number }> {
    const keys = counters.map((c) => c.key).sort();
    await tx.loginThrottle.createMany({
      data: keys.map((key) => ({ key, failures: 0, windowStartedAt: now })),
      skipDuplicates: true,
    });
    const rows = await tx.$queryRaw<Row[]>`
      SELECT key, failures, window_started_at AS "windowStartedAt", locked_until AS "lockedUntil"
      FROM login_throttles WHERE key = ANY(${keys}) ORDER BY key FOR UPDATE`;
    const current = new Map(rows.map((row) => [row.key, this.current(row, now)]));

    const lockedUntil = new Date(now.getTime() + this.config.login.lockoutSeconds * 1000);
    const refusedUntil: Date[] = [];
    for (const { key, limit } of counters) {
      const row = current.get(key)!;
      if (row.lockedUntil) refusedUntil.push(row.lockedUntil);
      else if (limit !== null && row.failures >= limit) {
        // Earlier failures reached the limit: the lock runs from this first refused attempt.
        await tx.loginThrottle.update({ where: { key }, data: { lockedUntil } });
        refusedUntil.push(lockedUntil);
      }
    }
    if (refusedUntil.length > 0) return { refusedUntil: new Date(Math.max(...refusedUntil.map((d) => d.getTime()))) };
    for (const row of current.values()) {
      await tx.loginThrottle.update({
        where: { key: row.key },
        data: { failures: row.failures + 1, windowStartedAt: row.windowStartedAt, lockedUntil: null },
      });
    }
    return { addressFailures: current.get(counters.find((c) => c.limit === null)!.key)!.failures };
  }

  /** The row as it counts now: an expired lock or window starts afresh. */
  private current(row: Row, now: Date): Row {
    const windowEnd = row.windowStartedAt.getTime() + this.config.login.failureWindowSeconds * 1000;
    const lockExpired = row.lockedUntil !== null && row.lockedUntil <= now;
    if (lockExpired || windowEnd <= now.getTime()) return { key: row.key, failures: 0, windowStartedAt: now, lockedUntil: null };
    return row;
  }
}
