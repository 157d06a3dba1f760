// Global guard of a subgraph (register as APP_GUARD): GraphQL operations need an authenticated caller unless
// marked @Public(); @Roles(...) then needs one of the roles. Non-GraphQL routes (/health) are not affected.
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasAnyRole } from '../caller';
import { forbidden, unauthenticated } from '../errors';
import type { Role } from '../roles';
import { identityOf, IS_PUBLIC, REQUIRED_ROLES } from './decorators';

@Injectable()
export class SubgraphAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets);
    if (isPublic) return true;
    const caller = identityOf(context)?.caller;
    if (!caller) throw unauthenticated();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && roles.length > 0 && !hasAnyRole(caller, roles)) {
      throw forbidden(`This operation needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }
}
