// @sla-desk/events: protobuf event contracts (generated from proto/), topics, the transactional outbox and its
// relay, idempotent consumers and the sinks (Kafka, outbox). See libs/events/README.md.

// Generated contracts, one namespace per proto package (messages, enums, schemas).
export * as eventsV1 from './gen/sladesk/events/v1/envelope_pb';
export * as commonV1 from './gen/sladesk/common/v1/common_pb';
export * as ticketsV1 from './gen/sladesk/tickets/v1/tickets_pb';
export * as hotlineV1 from './gen/sladesk/hotline/v1/hotline_pb';
export * as contractsV1 from './gen/sladesk/contracts/v1/contracts_pb';
export * as releasesV1 from './gen/sladesk/releases/v1/releases_pb';
export * as calendarsV1 from './gen/sladesk/calendars/v1/calendars_pb';
export * as identityV1 from './gen/sladesk/identity/v1/identity_pb';
export * as emailV1 from './gen/sladesk/email/v1/email_pb';
export { create, toBinary, fromBinary } from '@bufbuild/protobuf';

export * from './catalog';
export * from './envelope';
export * from './topics';
export * from './kafka';
// The logger the event plumbing takes (one JSON logger for every process: @sla-desk/runtime).
export type { Logger, LogFields } from '@sla-desk/runtime';
export * from './sql';
export * from './outbox/outbox';
export * from './outbox/relay';
export * from './outbox/schema';
export * from './consumer/idempotency';
export * from './consumer/consumer';
export * from './sink';
