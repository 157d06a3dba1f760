// Products and components: everyone logged in reads them; provider admins and support managers maintain them.
import { Args, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentUser, Role, Roles, type Caller, type SubgraphContext } from '@sla-desk/auth';
import { callerOf, requireUuid } from '@sla-desk/subgraph';
import type { Component, Product, Release } from '../generated/prisma/client';
import { ProductsService } from '../products/products.service';
import { ReleasesService } from '../releases/releases.service';
import { AddComponentInput, ComponentType, CreateProductInput, ProductType, ReleaseKind, ReleaseType } from './types';

export const CATALOG_EDITORS = [Role.ADMIN, Role.SUPPORT_MANAGER] as const;

@Resolver(() => ProductType)
export class ProductsResolver {
  constructor(private readonly service: ProductsService) {}

  @Query(() => [ProductType])
  products(@CurrentUser() _caller: Caller): Promise<Product[]> {
    return this.service.list();
  }

  @Query(() => ProductType, { nullable: true })
  async product(@Args('id', { type: () => ID }) id: string, @CurrentUser() _caller: Caller): Promise<Product | null> {
    return (await this.service.findManyByIds([requireUuid(id, 'id')]))[0] ?? null;
  }

  @Roles(...CATALOG_EDITORS)
  @Mutation(() => ProductType)
  createProduct(@Args('input') input: CreateProductInput): Promise<Product> {
    return this.service.create(input);
  }

  @ResolveField('components', () => [ComponentType])
  components(@Parent() product: Product): Promise<Component[]> {
    return this.service.componentsOf(product.id);
  }

  @ResolveReference()
  async resolveReference(reference: { id: string }, ctx: SubgraphContext): Promise<Product | null> {
    callerOf(ctx);
    return (await this.service.findManyByIds([String(reference.id)]))[0] ?? null;
  }
}

@Resolver(() => ComponentType)
export class ComponentsResolver {
  constructor(
    private readonly products: ProductsService,
    private readonly releases: ReleasesService,
  ) {}

  @Query(() => ComponentType, { nullable: true })
  async component(@Args('id', { type: () => ID }) id: string, @CurrentUser() _caller: Caller): Promise<Component | null> {
    return (await this.products.findComponentsByIds([requireUuid(id, 'id')]))[0] ?? null;
  }

  @Roles(...CATALOG_EDITORS)
  @Mutation(() => ComponentType)
  addComponent(@Args('input') input: AddComponentInput): Promise<Component> {
    return this.products.addComponent(input);
  }

  @ResolveField('product', () => ProductType)
  async product(@Parent() component: Component): Promise<Product> {
    return (await this.products.findManyByIds([component.productId]))[0]!;
  }

  @ResolveField('releases', () => [ReleaseType], { description: 'Every release, by date.' })
  releasesOf(@Parent() component: Component): Promise<Release[]> {
    return this.releases.ofComponent(component.id);
  }

  @ResolveField('nextRelease', () => ReleaseType, {
    nullable: true,
    description: 'The earliest release of the kind due after the instant that has not shipped (null: none scheduled).',
  })
  nextRelease(
    @Parent() component: Component,
    @Args('kind', { type: () => ReleaseKind }) kind: ReleaseKind,
    @Args('after') after: Date,
  ): Promise<Release | null> {
    return this.releases.next(component.id, kind, after);
  }

  @ResolveReference()
  async resolveReference(reference: { id: string }, ctx: SubgraphContext): Promise<Component | null> {
    callerOf(ctx);
    return (await this.products.findComponentsByIds([String(reference.id)]))[0] ?? null;
  }
}
