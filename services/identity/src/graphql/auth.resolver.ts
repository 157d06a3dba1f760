// Login, refresh, logout, password change and setup.
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentIdentity, CurrentUser, Public, type Caller, type RequestIdentity } from '@sla-desk/auth';
import { AuthService } from '../auth/auth.service';
import { Sessions } from '../auth/sessions';
import { UsersService } from '../users/users.service';
import { AuthPayloadType, ChangePasswordInput, CompletePasswordSetupInput, LoginInput } from './types';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: Sessions,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadType, { description: 'Log in with email and password.' })
  async login(@Args('input') input: LoginInput, @CurrentIdentity() identity: RequestIdentity): Promise<AuthPayloadType> {
    return this.auth.login(input.email, input.password, identity);
  }

  @Public()
  @Mutation(() => AuthPayloadType, { description: 'Exchange a refresh token for new tokens (the old one is used up).' })
  async refreshSession(@Args('refreshToken') refreshToken: string): Promise<AuthPayloadType> {
    return await this.sessions.refresh(refreshToken);
  }

  @Public()
  @Mutation(() => Boolean, { description: 'End the session of this refresh token.' })
  async logout(@Args('refreshToken') refreshToken: string): Promise<boolean> {
    await this.sessions.logout(refreshToken);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Change your own password; your other sessions end.' })
  async changePassword(
    @Args('input') input: ChangePasswordInput,
    @CurrentUser() caller: Caller,
    @CurrentIdentity() identity: RequestIdentity,
  ): Promise<boolean> {
    await this.users.changePassword(caller, identity, input.currentPassword, input.newPassword);
    return true;
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Set a password with a one-time setup token; all sessions of the user end.' })
  async completePasswordSetup(@Args('input') input: CompletePasswordSetupInput): Promise<boolean> {
    await this.users.completePasswordSetup(input.token, input.newPassword);
    return true;
  }
}
