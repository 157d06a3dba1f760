// The service catalog: everyone logged in reads it; provider admins edit its texts. ServiceItem is a federated
// entity keyed by its catalog number (contracts refer to covered items by code).
import { Args, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentUser, Role, Roles, type Caller, type SubgraphContext } from '@sla-desk/auth';
import { callerOf } from '@sla-desk/subgraph';
import type { ServiceItem } from '../generated/prisma/client';
import { ServiceItemsService } from '../service-items/service-items.service';
import { ServiceItemType, UpdateServiceItemInput } from './types';

@Resolver(() => ServiceItemType)
export class ServiceItemsResolver {
  constructor(private readonly items: ServiceItemsService) {}

  @Query(() => [ServiceItemType], { description: 'The whole service catalog in catalog order (1, 2, …, 4.1, …, 6.3).' })
  serviceItems(@CurrentUser() _caller: Caller): Promise<ServiceItem[]> {
    return this.items.list();
  }

  @Query(() => ServiceItemType, { nullable: true })
  async serviceItem(@Args('code') code: string, @CurrentUser() _caller: Caller): Promise<ServiceItem | null> {
    return (await this.items.findManyByCodes([code]))[0] ?? null;
  }

  @Roles(Role.ADMIN)
  @Mutation(() => ServiceItemType, { description: "Changes a catalog item's texts (provider ADMIN)." })
  updateServiceItem(@Args('input') input: UpdateServiceItemInput, @CurrentUser() caller: Caller): Promise<ServiceItem> {
    return this.items.update(input, caller);
  }

  @ResolveField('children', () => [ServiceItemType])
  children(@Parent() item: ServiceItem): Promise<ServiceItem[]> {
    return this.items.children(item.code);
  }

  @ResolveReference()
  async resolveReference(reference: { code: string }, ctx: SubgraphContext): Promise<ServiceItem | null> {
    callerOf(ctx);
    return typeof reference.code === 'string' ? ((await this.items.findManyByCodes([reference.code]))[0] ?? null) : null;
  }
}
