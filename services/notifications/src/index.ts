// @sla-desk/notifications: the notifications subgraph (for main.ts and end-to-end tests that start it in-process).
export { NotificationsModule } from './notifications.module';
export { notificationsSubgraph } from './subgraph';
