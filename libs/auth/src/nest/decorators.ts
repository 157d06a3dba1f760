// Decorators for subgraph resolvers: @Public(), @Roles(...), @CurrentUser(), @CurrentIdentity().
import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Caller, RequestIdentity } from '../caller';
import { unauthenticated } from '../errors';
import type { Role } from '../roles';
import type { SubgraphContext } from './context';

export const IS_PUBLIC = 'sla-desk:auth:public';
export const REQUIRED_ROLES = 'sla-desk:auth:roles';

/** The operation is open to anonymous callers (still only through the gateway). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The caller needs at least one of these roles (checked by SubgraphAuthGuard; FORBIDDEN otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export function identityOf(context: ExecutionContext): RequestIdentity | undefined {
  if (context.getType<string>() !== 'graphql') return undefined;
  return GqlExecutionContext.create(context).getContext<SubgraphContext>().identity;
}

/** The authenticated caller; UNAUTHENTICATED when anonymous. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = identityOf(context)?.caller;
  if (!caller) throw unauthenticated();
  return caller;
});

/** The whole request identity (caller or null, request id, client address). */
export const CurrentIdentity = createParamDecorator((_: unknown, context: ExecutionContext): RequestIdentity => {
  const identity = identityOf(context);
  if (!identity) throw unauthenticated();
  return identity;
});
