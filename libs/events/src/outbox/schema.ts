// Where the outbox / processed-events schema lives, for services that include it (see README: "Outbox tables").
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** The Prisma schema fragment (models OutboxEvent, ProcessedEvent) to copy into a service's schema folder. */
export const EVENTS_PRISMA_FRAGMENT = path.join(root, 'prisma', 'events.prisma');
/** The folder holding the migration that creates those tables, in Prisma's migrations format. */
export const EVENTS_MIGRATIONS_DIR = path.join(root, 'prisma', 'migrations');
