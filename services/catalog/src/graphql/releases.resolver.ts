// Releases: everyone logged in reads them; provider staff who plan work (ADMIN, SUPPORT_MANAGER) schedule,
// reschedule and ship them. Each change is published (release events) for the tickets that follow the release.
import { Args, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles, type Caller, type SubgraphContext } from '@sla-desk/auth';
import { callerOf, requireUuid } from '@sla-desk/subgraph';
import type { Release, ReleaseChange } from '../generated/prisma/client';
import { ReleasesService } from '../releases/releases.service';
import { CATALOG_EDITORS } from './products.resolver';
import { ReleaseChangeType, ReleaseKind, ReleaseType, RescheduleReleaseInput, ScheduleReleaseInput } from './types';

@Resolver(() => ReleaseType)
export class ReleasesResolver {
  constructor(private readonly releases: ReleasesService) {}

  @Query(() => ReleaseType, { nullable: true })
  async release(@Args('id', { type: () => ID }) id: string, @CurrentUser() _caller: Caller): Promise<Release | null> {
    return (await this.releases.findManyByIds([requireUuid(id, 'id')]))[0] ?? null;
  }

  @Query(() => ReleaseType, {
    nullable: true,
    description: 'The next planned / unplanned release of the component due after the instant (null: none scheduled).',
  })
  nextRelease(
    @CurrentUser() _caller: Caller,
    @Args('componentId', { type: () => ID }) componentId: string,
    @Args('kind', { type: () => ReleaseKind }) kind: ReleaseKind,
    @Args('after') after: Date,
  ): Promise<Release | null> {
    return this.releases.next(componentId, kind, after);
  }

  @Roles(...CATALOG_EDITORS)
  @Mutation(() => ReleaseType, { description: 'A new release of a component (publishes release.scheduled).' })
  scheduleRelease(@Args('input') input: ScheduleReleaseInput, @CurrentUser() caller: Caller): Promise<Release> {
    return this.releases.schedule(input, caller);
  }

  @Roles(...CATALOG_EDITORS)
  @Mutation(() => ReleaseType, { description: 'Moves a release (publishes release.rescheduled).' })
  rescheduleRelease(@Args('input') input: RescheduleReleaseInput, @CurrentUser() caller: Caller): Promise<Release> {
    return this.releases.reschedule(input, caller);
  }

  @Roles(...CATALOG_EDITORS)
  @Mutation(() => ReleaseType, { description: 'Marks a release shipped (publishes release.shipped).' })
  shipRelease(@Args('id', { type: () => ID }) id: string, @CurrentUser() caller: Caller): Promise<Release> {
    return this.releases.ship(id, caller);
  }

  @ResolveField('history', () => [ReleaseChangeType], { description: 'Every scheduling, rescheduling and shipping, in order.' })
  history(@Parent() release: Release): Promise<ReleaseChange[]> {
    return this.releases.history(release.id);
  }

  @ResolveReference()
  async resolveReference(reference: { id: string }, ctx: SubgraphContext): Promise<Release | null> {
    callerOf(ctx);
    return (await this.releases.findManyByIds([String(reference.id)]))[0] ?? null;
  }
}
