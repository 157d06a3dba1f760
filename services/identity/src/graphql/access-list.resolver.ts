// The customer's access list.
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentUser, Role, Roles, type Caller } from '@sla-desk/auth';
import { AccessListService } from '../access-list/access-list.service';
import type { UserWithAccess } from '../users/user-access';
import { AccessListPayloadType, SubmitAccessListInput, UserType } from './types';

@Resolver()
export class AccessListResolver {
  constructor(private readonly accessList: AccessListService) {}

  @Roles(Role.CUSTOMER_ADMIN, Role.ADMIN, Role.SUPPORT_MANAGER)
  @Mutation(() => AccessListPayloadType, {
    description:
      "Submit a customer's complete access list. New employees are registered (setup tickets returned); employees left off lose access and their sessions end.",
  })
  submitAccessList(@Args('input') input: SubmitAccessListInput, @CurrentUser() caller: Caller): Promise<AccessListPayloadType> {
    return this.accessList.submit(caller, input.organizationId, input.employees);
  }

  @Roles(Role.CUSTOMER_ADMIN, Role.ADMIN, Role.SUPPORT_MANAGER)
  @Mutation(() => UserType, { description: 'Add one employee to their organization’s access list.' })
  grantPortalAccess(@Args('userId', { type: () => ID }) userId: string, @CurrentUser() caller: Caller): Promise<UserWithAccess> {
    return this.accessList.grant(caller, userId);
  }

  @Roles(Role.CUSTOMER_ADMIN, Role.ADMIN, Role.SUPPORT_MANAGER)
  @Mutation(() => UserType, { description: 'Remove one employee from the access list; their sessions end at once.' })
  revokePortalAccess(@Args('userId', { type: () => ID }) userId: string, @CurrentUser() caller: Caller): Promise<UserWithAccess> {
    return this.accessList.revoke(caller, userId);
  }
}
