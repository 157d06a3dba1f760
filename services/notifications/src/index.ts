// @sla-desk/notifications: the notifications subgraph (for main.ts and end-to-end tests that start it in-process).
export { NotificationsModule } from './notifications.module';
export { notificationsSubgraph } from './subgraph';
export { loadNotificationsConfig, type NotificationsConfig } from './config';
export { Mailer, LOOP_HEADER } from './mail/mailer';
export { SmtpListener } from './inbound/smtp-listener';
export { startSmtpSink, type SmtpSink, type SinkMessage } from './dev/smtp-sink';
export { noticeIdFor } from './notices/notice-writer';
