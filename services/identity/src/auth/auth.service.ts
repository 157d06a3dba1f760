// Login by email + password.
import { Injectable, Logger } from '@nestjs/common';
import { badUserInput, forbidden, unauthenticated, type RequestIdentity } from '@sla-desk/auth';
import { MAX_PASSWORD_LENGTH } from '../common/password-policy';
import { Passwords } from '../common/passwords';
import { PrismaService } from '../common/prisma.service';
import { isPlausibleEmail, normalizeEmail } from '../common/validation';
import { WITH_ACCESS, type UserWithAccess } from '../users/user-access';
import { LoginThrottle } from './login-throttle';
import { Sessions, type IssuedTokens } from './sessions';

/** One message for unknown accounts and wrong passwords, so logins reveal nothing about who is registered. */
export const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly passwords: Passwords,
    private readonly throttle: LoginThrottle,
    private readonly sessions: Sessions,
  ) {}

  async login(rawEmail: string, password: string, identity: RequestIdentity): Promise<IssuedTokens & { user: UserWithAccess }> {
    if (password.length > MAX_PASSWORD_LENGTH) {
      throw badUserInput(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long`, { field: 'password' });
    }
    const email = normalizeEmail(rawEmail).slice(0, 320);
    const attempt = await this.throttle.reserve(email, identity.clientAddress);

    const user = isPlausibleEmail(email) ? await this.prisma.user.findUnique({ where: { email }, include: WITH_ACCESS }) : null;
    const passwordOk = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !passwordOk) {
      this.logger.log({ msg: 'Login failed', reason: user ? 'wrong-password' : 'unknown-account', address: identity.clientAddress });
      throw unauthenticated(INVALID_CREDENTIALS);
    }
    await this.throttle.succeeded(attempt);
    // The password is right: saying why the account may not log in reveals nothing the caller does not know.
    if (user.status !== 'ACTIVE') throw forbidden('This account is disabled');
    if (user.organization.kind === 'CUSTOMER' && user.accessEntry === null) {
      throw forbidden("This account is not on its organization's portal access list");
    }
    if (this.passwords.needsRehash(user.passwordHash!)) {
      await this.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await this.passwords.hash(password) } });
    }
    const tokens = await this.sessions.start(user, identity);
    this.logger.log({ msg: 'Login', userId: user.id, sessionId: tokens.sessionId });
    return { ...tokens, user };
  }
}
