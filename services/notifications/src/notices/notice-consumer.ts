// The Kafka side of the service: one idempotent consumer (libs/events, run by the kit's EventConsumers) of the ticket,
// identity and contract topics. Each record is one transaction: the processed_events claim, the projections, the
// notices and their outgoing emails. Undecodable records, unknown types and unsupported versions go to <topic>.dlq
// (libs/events); types it has no handler for are skipped. It never sends mail itself: the mailer is woken once the
// transaction committed.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { pgTransactions, TOPICS, type Topic } from '@sla-desk/events';
import { EventConsumers, SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { NotificationsConfig } from '../config';
import { Mailer } from '../mail/mailer';
import { NotificationsDb } from '../db-pool';
import { noticeHandlers } from './event-handlers';
import { NoticeWriter, type Tx } from './notice-writer';

export const CONSUMED_TOPICS: readonly Topic[] = [TOPICS.identity, TOPICS.contracts, TOPICS.tickets];

@Injectable()
export class NoticeConsumer implements OnModuleInit {
  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: NotificationsConfig,
    private readonly consumers: EventConsumers,
    private readonly db: NotificationsDb,
    private readonly writer: NoticeWriter,
    private readonly mailer: Mailer,
  ) {}

  onModuleInit(): void {
    this.consumers.register<Tx>({
      groupId: this.config.consumerGroup,
      topics: CONSUMED_TOPICS,
      // node-postgres rather than Prisma's interactive transactions: one short transaction per event is the hot path.
      transactions: pgTransactions(this.db.pool),
      handlers: noticeHandlers(this.writer),
      // Every partition of the default 6 at once (order is per partition, i.e. per ticket).
      partitionsConsumedConcurrently: 6,
      maxWaitTimeMs: 200,
      retry: { maxAttempts: 20, maxMs: 10_000 },
      onProcessed: (_event, outcome) => {
        if (outcome === 'applied') this.mailer.wake();
      },
    });
  }
}
