// Each subgraph's operations view, `<name>Status` (provider staff only): is the outbox draining, which migrations ran.
// The type is @shareable, so every subgraph can return it under its own query field (subgraphStatusResolver).
import { Inject, Injectable, type Type } from '@nestjs/common';
import { Directive, Field, GraphQLISODateTime, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { PROVIDER_ROLES, Roles } from '@sla-desk/auth';
import { DatabasePool } from './database';
import { SUBGRAPH_NAME } from './tokens';

@ObjectType({ description: "A subgraph's health as operations see it" })
@Directive('@shareable')
export class SubgraphStatus {
  @Field({ description: 'identity, catalog, …' })
  service!: string;

  @Field(() => Int, { description: 'Events in the outbox not yet on Kafka' })
  pendingOutboxEvents!: number;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the oldest of them was written' })
  oldestPendingEventAt!: Date | null;

  @Field(() => Int, { description: 'Database migrations applied' })
  appliedMigrations!: number;
}

@Injectable()
export class SubgraphStatusService {
  constructor(
    @Inject(SUBGRAPH_NAME) private readonly service: string,
    private readonly database: DatabasePool,
  ) {}

  async read(): Promise<SubgraphStatus> {
    const [outbox, migrations] = await Promise.all([
      this.database.pool.query<{ pending: number; oldest: Date | null }>(
        'SELECT count(*)::int AS pending, min(created_at) AS oldest FROM outbox_events WHERE published_at IS NULL',
      ),
      this.database.pool.query<{ applied: number }>(
        'SELECT count(*)::int AS applied FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      ),
    ]);
    return {
      service: this.service,
      pendingOutboxEvents: outbox.rows[0]!.pending,
      oldestPendingEventAt: outbox.rows[0]!.oldest,
      appliedMigrations: migrations.rows[0]!.applied,
    };
  }
}

/** The resolver of `<name>Status` for subgraph `name` (a service lists it among its providers). */
export function subgraphStatusResolver(name: string): Type<unknown> {
  @Resolver()
  class StatusResolver {
    constructor(private readonly status: SubgraphStatusService) {}

    @Roles(...PROVIDER_ROLES)
    @Query(() => SubgraphStatus, { name: `${name}Status`, description: `${name}'s outbox and migrations (provider staff)` })
    read(): Promise<SubgraphStatus> {
      return this.status.read();
    }
  }
  return StatusResolver;
}
