// The notifications subgraph as the kit sees it (@sla-desk/subgraph): Notices of ticket, contract and release events: the in-app feed, outbound email and the inbound email channel.
import { join } from 'node:path';
import { defineSubgraph, loadSubgraphConfig, offlineSubgraphConfig } from '@sla-desk/subgraph';
import { NotificationsModule } from './notifications.module';

/** Its port unless NOTIFICATIONS_PORT says otherwise (services/gateway/subgraphs.json lists the same). */
export const NOTIFICATIONS_DEFAULT_PORT = 4005;

export const notificationsSubgraph = defineSubgraph({
  name: 'notifications',
  root: join(__dirname, '..'),
  defaultPort: NOTIFICATIONS_DEFAULT_PORT,
  loadConfig: (source) => loadSubgraphConfig('notifications', NOTIFICATIONS_DEFAULT_PORT, source),
  offlineConfig: () => offlineSubgraphConfig('notifications'),
  module: () => NotificationsModule.forRoot(),
  // The Kafka topics its outbox publishes to (TOPICS of @sla-desk/events).
  topics: [],
});
