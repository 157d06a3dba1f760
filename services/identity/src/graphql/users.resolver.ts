// Users: queries, the federated User entity, user administration.
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentUser, forbidden, resolveOrganizationScope, Role, Roles, type Caller } from '@sla-desk/auth';
import { Sessions } from '../auth/sessions';
import { requireUuid } from '../common/validation';
import type { Organization } from '../generated/prisma/client';
import { canListUsersOf, canViewUserOf } from '../users/policy';
import type { UserWithAccess } from '../users/user-access';
import { UsersService } from '../users/users.service';
import { assertVisible, requireLiveCaller, type IdentityContext } from './context';
import { CreateUserInput, CreateUserPayloadType, OrganizationType, PasswordSetupTicketType, UserType } from './types';

@Resolver(() => UserType)
export class UsersResolver {
  constructor(
    private readonly usersService: UsersService,
    private readonly sessions: Sessions,
  ) {}

  @Query(() => UserType, { description: 'The caller.' })
  async me(@CurrentUser() caller: Caller, @Context() ctx: IdentityContext): Promise<UserWithAccess> {
    const user = await ctx.loaders.user.load(caller.userId);
    if (!user) throw forbidden('Your account no longer exists');
    return user;
  }

  @Query(() => UserType, {
    nullable: true,
    description: "A user by id: customers may see their own organization's users and the provider's staff.",
  })
  async user(
    @Args('id', { type: () => ID }) id: string,
    @CurrentUser() caller: Caller,
    @Context() ctx: IdentityContext,
  ): Promise<UserWithAccess | null> {
    const user = await ctx.loaders.user.load(requireUuid(id, 'id'));
    if (!user) return null;
    assertVisible(canViewUserOf(caller, user.organization), 'this user');
    return user;
  }

  @Query(() => [UserType], {
    description: "Users of an organization. Customers: their own organization's. Provider staff: any, or all when omitted.",
  })
  async users(
    @CurrentUser() caller: Caller,
    @Context() ctx: IdentityContext,
    @Args('organizationId', { type: () => ID, nullable: true }) organizationId?: string,
  ): Promise<UserWithAccess[]> {
    const requested = organizationId == null ? undefined : requireUuid(organizationId, 'organizationId');
    const scope = resolveOrganizationScope(caller, requested);
    if (scope) {
      const org = await ctx.loaders.organization.load(scope);
      if (!org) return [];
      assertVisible(canListUsersOf(caller, org), "this organization's users");
    }
    return this.usersService.list(scope);
  }

  @ResolveReference()
  async resolveReference(reference: { __typename: string; id: string }, ctx: IdentityContext): Promise<UserWithAccess | null> {
    const caller = await requireLiveCaller(ctx, this.sessions);
    const user = typeof reference.id === 'string' ? await ctx.loaders.user.load(reference.id) : null;
    if (!user) return null;
    assertVisible(canViewUserOf(caller, user.organization), 'this user');
    return user;
  }

  @ResolveField('organization', () => OrganizationType)
  organization(@Parent() user: UserWithAccess, @Context() ctx: IdentityContext): Promise<Organization | null> | Organization {
    return user.organization ?? ctx.loaders.organization.load(user.organizationId);
  }

  @ResolveField('portalAccess', () => Boolean, {
    description: 'Whether the user may log in to the portal: provider staff always, customers when on the access list.',
  })
  portalAccess(@Parent() user: UserWithAccess): boolean {
    return user.status === 'ACTIVE' && (user.organization.kind === 'PROVIDER' || user.accessEntry !== null);
  }

  @Roles(Role.ADMIN, Role.SUPPORT_MANAGER, Role.CUSTOMER_ADMIN)
  @Mutation(() => CreateUserPayloadType, {
    description:
      'Register a user. Provider admins: anyone; support managers: customer users; customer admins: users of their organization.',
  })
  async createUser(@Args('input') input: CreateUserInput, @CurrentUser() caller: Caller): Promise<CreateUserPayloadType> {
    const { user, ticket } = await this.usersService.create(caller, input);
    return { user, setupTicket: ticket };
  }

  @Roles(Role.ADMIN, Role.SUPPORT_MANAGER, Role.CUSTOMER_ADMIN)
  @Mutation(() => PasswordSetupTicketType, {
    description: "Reset a user's password: it stops working at once, their sessions end, and a setup token is issued.",
  })
  resetUserPassword(@Args('userId', { type: () => ID }) userId: string, @CurrentUser() caller: Caller): Promise<PasswordSetupTicketType> {
    return this.usersService.resetPassword(caller, userId);
  }
}
