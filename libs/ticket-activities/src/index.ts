// @sla-desk/ticket-activities: the activities of the SLA Desk workflows (factory and ports), in-memory adapters for
// tests and local runs, and the ticket domain's mapping onto the protobuf event contracts.
export * from './ports';
export * from './activities';
export * from './in-memory';
export * from './event-mapping';
