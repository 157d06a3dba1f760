// The notifications subgraph as the kit sees it (@sla-desk/subgraph): Notices of ticket, contract and release events: the in-app feed, outbound email and the inbound email channel.
import { join } from 'node:path';
import { defineSubgraph } from '@sla-desk/subgraph';
import { NotificationsModule } from './notifications.module';

export const notificationsSubgraph = defineSubgraph({
  name: 'notifications',
  root: join(__dirname, '..'),
  // Its port unless NOTIFICATIONS_PORT says otherwise (services/gateway/subgraphs.json lists the same).
  defaultPort: 4005,
  module: () => NotificationsModule.forRoot(),
  // The Kafka topics its outbox publishes to (TOPICS of @sla-desk/events).
  topics: [],
});
