// Login throttling, per account (the email tried, whether or not it exists, so it reveals nothing) and per client
// address. Fixed windows with a lockout: after N failures within the window the key is locked for a while;
// while locked even a correct password is refused. Counters live in PostgreSQL, so replicas share them.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { rateLimited } from '@sla-desk/auth';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { PrismaService } from '../common/prisma.service';

// Keys are hashed: any input is a safe, bounded key, and the table holds no email addresses.
function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function accountKey(normalizedEmail: string): string {
  return `account:${digest(normalizedEmail)}`;
}

export function addressKey(address: string): string {
  return `address:${digest(address)}`;
}

@Injectable()
export class LoginThrottle {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** Throws RATE_LIMITED when any of the keys is locked. */
  async assertNotLocked(keys: readonly string[], now = new Date()): Promise<void> {
    const locked = await this.prisma.loginThrottle.findMany({
      where: { key: { in: [...keys] }, lockedUntil: { gt: now } },
      select: { lockedUntil: true },
    });
    if (locked.length === 0) return;
    const until = Math.max(...locked.map((row) => row.lockedUntil!.getTime()));
    throw rateLimited('Too many failed login attempts; try again later', (until - now.getTime()) / 1000);
  }

  /** Counts a failure against each key; locks keys that reach their limit. */
  async recordFailure(account: string, address: string, now = new Date()): Promise<void> {
    const { maxFailuresPerAccount, maxFailuresPerAddress } = this.config.login;
    await this.bump(account, maxFailuresPerAccount, now);
    await this.bump(address, maxFailuresPerAddress, now);
  }

  async clear(key: string): Promise<void> {
    await this.prisma.loginThrottle.deleteMany({ where: { key } });
  }

  private async bump(key: string, max: number, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - this.config.login.failureWindowSeconds * 1000);
    const lockedUntil = new Date(now.getTime() + this.config.login.lockoutSeconds * 1000);
    // One atomic statement: concurrent failures cannot under-count.
    await this.prisma.$executeRaw`
      INSERT INTO login_throttles AS t (key, failures, window_started_at, locked_until)
      VALUES (${key}, 1, ${now}, ${max <= 1 ? lockedUntil : null})
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_started_at < ${windowStart} THEN 1 ELSE t.failures + 1 END,
        window_started_at = CASE WHEN t.window_started_at < ${windowStart} THEN ${now} ELSE t.window_started_at END,
        locked_until = CASE
          WHEN (CASE WHEN t.window_started_at < ${windowStart} THEN 1 ELSE t.failures + 1 END) >= ${max}
            THEN ${lockedUntil}
          ELSE t.locked_until END`;
  }
}
