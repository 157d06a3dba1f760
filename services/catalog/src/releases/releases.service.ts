// Releases of components: scheduling, rescheduling and shipping (each recorded in the history and published through
// the outbox), and "the next planned / unplanned release of component X after instant T".
import { Injectable } from '@nestjs/common';
import { badUserInput, type Caller } from '@sla-desk/auth';
import { requireText, requireUuid } from '@sla-desk/subgraph';
import type { Release, ReleaseChange } from '../generated/prisma/client';
import type { ReleaseKind, RescheduleReleaseInput, ScheduleReleaseInput } from '../graphql/types';
import { PrismaService, type Tx } from '../prisma.service';
import { releaseRescheduled, releaseScheduled, releaseShipped } from './release-events';

export const MAX_VERSION_LENGTH = 64;
export const MAX_REASON_LENGTH = 1000;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_-]*$/;

function requireFuture(instant: Date, now: Date, field: string): Date {
  if (Number.isNaN(instant.getTime())) throw badUserInput(`${field} must be an instant`, { field });
  if (instant.getTime() <= now.getTime()) throw badUserInput(`${field} must be in the future`, { field });
  return instant;
}

@Injectable()
export class ReleasesService {
  constructor(private readonly prisma: PrismaService) {}

  findManyByIds(ids: readonly string[]): Promise<Release[]> {
    return this.prisma.release.findMany({ where: { id: { in: [...ids] } } });
  }

  ofComponent(componentId: string): Promise<Release[]> {
    return this.prisma.release.findMany({ where: { componentId }, orderBy: [{ scheduledFor: 'asc' }, { version: 'asc' }] });
  }

  history(releaseId: string): Promise<ReleaseChange[]> {
    return this.prisma.releaseChange.findMany({ where: { releaseId }, orderBy: { sequence: 'asc' } });
  }

  /** The earliest release of the kind due after `after` that has not shipped yet (null: none planned). */
  next(componentId: string, kind: ReleaseKind, after: Date): Promise<Release | null> {
    const component = requireUuid(componentId, 'componentId');
    if (Number.isNaN(after.getTime())) throw badUserInput('after must be an instant', { field: 'after' });
    return this.prisma.release.findFirst({
      where: { componentId: component, kind, status: { not: 'SHIPPED' }, scheduledFor: { gt: after } },
      orderBy: [{ scheduledFor: 'asc' }, { createdAt: 'asc' }],
    });
  }

  async schedule(input: ScheduleReleaseInput, caller: Caller): Promise<Release> {
    const componentId = requireUuid(input.componentId, 'componentId');
    const version = requireText(input.version, 'version', MAX_VERSION_LENGTH);
    if (!VERSION.test(version)) throw badUserInput('version: letters, digits and . + _ - only', { field: 'version' });
    const now = new Date();
    const scheduledFor = requireFuture(input.scheduledFor, now, 'scheduledFor');
    return this.prisma.$transaction(async (tx) => {
      const component = await tx.component.findUnique({ where: { id: componentId } });
      if (!component) throw badUserInput('No such component', { field: 'componentId' });
      // Serialises the releases of one component, so two schedulings of one version cannot both pass the check.
      await tx.$executeRaw`SELECT 1 FROM components WHERE id = ${componentId}::uuid FOR UPDATE`;
      if (await tx.release.findUnique({ where: { componentId_version: { componentId, version } }, select: { id: true } })) {
        throw badUserInput(`The component already has a release ${version}`, { field: 'version' });
      }
      const release = await tx.release.create({ data: { componentId, kind: input.kind, version, scheduledFor } });
      const change = await record(tx, release, caller, now, null);
      await releaseScheduled(tx, release, component, change);
      return release;
    });
  }

  async reschedule(input: RescheduleReleaseInput, caller: Caller): Promise<Release> {
    const releaseId = requireUuid(input.releaseId, 'releaseId');
    const reason = requireText(input.reason, 'reason', MAX_REASON_LENGTH, { multiline: true });
    const now = new Date();
    const scheduledFor = requireFuture(input.scheduledFor, now, 'scheduledFor');
    return this.prisma.$transaction(async (tx) => {
      const current = await lockRelease(tx, releaseId);
      if (current.status === 'SHIPPED') throw badUserInput('The release has shipped', { field: 'releaseId' });
      if (current.scheduledFor.getTime() === scheduledFor.getTime()) {
        throw badUserInput('The release is already scheduled for that instant', { field: 'scheduledFor' });
      }
      const release = await tx.release.update({ where: { id: releaseId }, data: { status: 'RESCHEDULED', scheduledFor } });
      const change = await record(tx, release, caller, now, reason);
      await releaseRescheduled(tx, release, current.scheduledFor, change);
      return release;
    });
  }

  async ship(releaseId: string, caller: Caller): Promise<Release> {
    const id = requireUuid(releaseId, 'releaseId');
    const now = new Date();
    return this.prisma.$transaction(async (tx) => {
      const current = await lockRelease(tx, id);
      if (current.status === 'SHIPPED') throw badUserInput('The release has already shipped', { field: 'releaseId' });
      const release = (await tx.release.update({ where: { id }, data: { status: 'SHIPPED', shippedAt: now } })) as Release & {
        shippedAt: Date;
      };
      const change = await record(tx, release, caller, now, null);
      await releaseShipped(tx, release, change);
      return release;
    });
  }
}

async function lockRelease(tx: Tx, id: string): Promise<Release> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM releases WHERE id = ${id}::uuid FOR UPDATE`;
  if (locked.length === 0) throw badUserInput('No such release', { field: 'releaseId' });
  return tx.release.findUniqueOrThrow({ where: { id } });
}

/** Appends the release's new state to its history. */
async function record(tx: Tx, release: Release, caller: Caller, at: Date, reason: string | null): Promise<ReleaseChange> {
  const sequence = (await tx.releaseChange.count({ where: { releaseId: release.id } })) + 1;
  return tx.releaseChange.create({
    data: {
      releaseId: release.id,
      sequence,
      status: release.status,
      scheduledFor: release.scheduledFor,
      reason,
      changedBy: caller.userId,
      changedAt: at,
    },
  });
}
