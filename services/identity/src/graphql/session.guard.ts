// Identity checks, for every authenticated root operation, that the caller's session is still live: a logout,
// an access-list removal or a password reset takes effect here at once rather than when the access token expires.
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { IS_PUBLIC } from '@sla-desk/auth';
import { Sessions } from '../auth/sessions';
import { requireLiveCaller, type IdentityContext } from './context';

@Injectable()
export class ActiveSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: Sessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()])) {
      return true;
    }
    await requireLiveCaller(GqlExecutionContext.create(context).getContext<IdentityContext>(), this.sessions);
    return true;
  }
}
