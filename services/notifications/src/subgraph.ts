// The notifications subgraph as the kit sees it (@sla-desk/subgraph): notices of ticket and contract events (the
// in-app feed and outbound email) and the inbound email channel.
import { join } from 'node:path';
import { TOPICS } from '@sla-desk/events';
import { defineSubgraph } from '@sla-desk/subgraph';
import { loadNotificationsConfig, NOTIFICATIONS_DEFAULT_PORT, offlineNotificationsConfig, type NotificationsConfig } from './config';
import { NotificationsModule } from './notifications.module';

export const notificationsSubgraph = defineSubgraph<NotificationsConfig>({
  name: 'notifications',
  root: join(__dirname, '..'),
  defaultPort: NOTIFICATIONS_DEFAULT_PORT,
  loadConfig: loadNotificationsConfig,
  offlineConfig: offlineNotificationsConfig,
  module: () => NotificationsModule.forRoot(),
  // email.received / email.forwarded of the inbound channel, through its outbox.
  topics: [TOPICS.email],
});
