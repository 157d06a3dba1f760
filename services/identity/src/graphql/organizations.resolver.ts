// Organizations: queries, the federated Organization entity, customer registration.
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentUser, Role, Roles, type Caller } from '@sla-desk/auth';
import { AccessListService } from '../access-list/access-list.service';
import { Sessions } from '../auth/sessions';
import { requireUuid } from '../common/validation';
import type { Organization } from '../generated/prisma/client';
import { OrganizationsService } from '../organizations/organizations.service';
import { assertCanManageFound, canListUsersOf, canViewOrganization } from '../users/policy';
import type { UserWithAccess } from '../users/user-access';
import { UsersService } from '../users/users.service';
import { assertVisible, requireLiveCaller, type IdentityContext } from './context';
import { CreateOrganizationInput, OrganizationType, UpdateOrganizationInput, UserType } from './types';

@Resolver(() => OrganizationType)
export class OrganizationsResolver {
  constructor(
    private readonly organizationsService: OrganizationsService,
    private readonly users: UsersService,
    private readonly accessList: AccessListService,
    private readonly sessions: Sessions,
  ) {}

  @Query(() => OrganizationType, { nullable: true })
  async organization(
    @Args('id', { type: () => ID }) id: string,
    @CurrentUser() caller: Caller,
    @Context() ctx: IdentityContext,
  ): Promise<Organization | null> {
    const org = await ctx.loaders.organization.load(requireUuid(id, 'id'));
    if (!org) return null;
    assertVisible(canViewOrganization(caller, org), 'this organization');
    return org;
  }

  @Query(() => [OrganizationType], { description: 'Provider staff: all organizations. Customers: their own and the provider.' })
  organizations(@CurrentUser() caller: Caller): Promise<Organization[]> {
    return this.organizationsService.list(caller);
  }

  @ResolveReference()
  async resolveReference(reference: { __typename: string; id: string }, ctx: IdentityContext): Promise<Organization | null> {
    const caller = await requireLiveCaller(ctx, this.sessions);
    const org = typeof reference.id === 'string' ? await ctx.loaders.organization.load(reference.id) : null;
    if (!org) return null;
    assertVisible(canViewOrganization(caller, org), 'this organization');
    return org;
  }

  @ResolveField('users', () => [UserType], { description: 'Provider staff, or members of this organization.' })
  async usersOf(@Parent() org: Organization, @Context() ctx: IdentityContext): Promise<UserWithAccess[]> {
    const caller = await requireLiveCaller(ctx, this.sessions);
    assertVisible(canListUsersOf(caller, org), "this organization's users");
    return this.users.list(org.id);
  }

  @ResolveField('accessList', () => [UserType], {
    description: 'Customers only: the employees allowed into the portal. Provider staff, or members of this organization.',
  })
  async accessListOf(@Parent() org: Organization, @Context() ctx: IdentityContext): Promise<UserWithAccess[]> {
    const caller = await requireLiveCaller(ctx, this.sessions);
    assertVisible(canListUsersOf(caller, org), "this organization's access list");
    return org.kind === 'CUSTOMER' ? this.accessList.members(org.id) : [];
  }

  @ResolveField('mailDomains', () => [String], {
    description:
      "The mail domains it owns (set by the provider): a customer's users have addresses in them, and nobody else registers addresses there.",
  })
  async mailDomainsOf(@Parent() org: Organization, @Context() ctx: IdentityContext): Promise<string[]> {
    const caller = await requireLiveCaller(ctx, this.sessions);
    assertVisible(canViewOrganization(caller, org), 'this organization');
    return ctx.loaders.mailDomains.load(org.id);
  }

  @Roles(Role.ADMIN, Role.SUPPORT_MANAGER)
  @Mutation(() => OrganizationType, { description: 'Register a customer organization (provider staff).' })
  createOrganization(@Args('input') input: CreateOrganizationInput): Promise<Organization> {
    return this.organizationsService.createCustomer(input);
  }

  @Roles(Role.ADMIN, Role.SUPPORT_MANAGER, Role.CUSTOMER_ADMIN)
  @Mutation(() => OrganizationType, {
    description: "Change an organization's name or contact address; the provider's staff also its mail domains.",
  })
  async updateOrganization(@Args('input') input: UpdateOrganizationInput, @CurrentUser() caller: Caller): Promise<Organization> {
    const id = requireUuid(input.id, 'id');
    const org = await this.organizationsService.findManyByIds([id]).then((rows) => rows[0]);
    assertCanManageFound(caller, org, { what: 'organization', field: 'id' });
    return this.organizationsService.update(caller, id, input);
  }
}
