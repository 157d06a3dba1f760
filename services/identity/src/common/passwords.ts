// Password hashing with argon2id, and the password policy (./password-policy.ts).
import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { badUserInput } from '@sla-desk/auth';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { MAX_PASSWORD_LENGTH, passwordProblem, type PasswordOwner } from './password-policy';

@Injectable()
export class Passwords {
  private readonly options: argon2.HashOptions;
  private readonly minStrength: IdentityConfig['passwordMinStrength'];
  /** Verified against when the account does not exist, so both paths cost the same. */
  private dummyHash: Promise<string>;

  constructor(@Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    this.minStrength = config.passwordMinStrength;
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.argon2.memoryKiB,
      timeCost: config.argon2.timeCost,
      parallelism: config.argon2.parallelism,
    };
    this.dummyHash = argon2.hash('dummy password that never matches', this.options);
  }

  /** Throws BAD_USER_INPUT (field `newPassword`) saying why, when the new password breaks the policy. */
  assertAcceptable(password: string, owner: PasswordOwner): void {
    const problem = passwordProblem(password, owner, this.minStrength);
    if (problem) throw badUserInput(problem, { field: 'newPassword' });
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  /** Constant-ish time whether or not there is a hash to check against. */
  async verify(hash: string | null, password: string): Promise<boolean> {
    if (password.length > MAX_PASSWORD_LENGTH) return false;
    if (hash === null) {
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, this.options);
  }
}
