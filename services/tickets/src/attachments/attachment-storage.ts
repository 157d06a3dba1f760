// Where attachment bytes live: one interface, two stores, chosen by TICKETS_ATTACHMENT_STORAGE. The metadata row
// (`attachments`) is always in PostgreSQL; `put` runs inside the transaction that writes it, so with the PostgreSQL
// store row and bytes commit or roll back together; the disk store writes the file first (write-then-rename, so a
// reader never sees half a file) and the caller removes what it wrote when the transaction fails.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AttachmentsConfig } from '../config';
import type { Prisma } from '../generated/prisma/client';
import type { PrismaService } from '../prisma.service';

export type StorageKind = 'POSTGRES' | 'DISK';

export interface AttachmentStorage {
  readonly kind: StorageKind;
  put(tx: Prisma.TransactionClient, attachmentId: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when the store has none (a lost file). */
  get(attachmentId: string): Promise<Buffer | null>;
  /** Removes what `put` stored outside the database (after a rolled-back transaction or a deleted ticket). */
  discard(attachmentIds: readonly string[]): Promise<void>;
}

/** Bytes in `attachment_blobs`, deleted with their row (ON DELETE CASCADE). */
export class PostgresAttachmentStorage implements AttachmentStorage {
  readonly kind = 'POSTGRES';

  constructor(private readonly prisma: PrismaService) {}

  async put(tx: Prisma.TransactionClient, attachmentId: string, bytes: Buffer): Promise<void> {
    await tx.attachmentBlob.create({ data: { attachmentId, content: new Uint8Array(bytes) } });
  }

  async get(attachmentId: string): Promise<Buffer | null> {
    const blob = await this.prisma.attachmentBlob.findUnique({ where: { attachmentId } });
    return blob ? Buffer.from(blob.content) : null;
  }

  async discard(): Promise<void> {
    // Nothing outside the database.
  }
}

/** One file per attachment, named by its id, under the configured directory. */
export class DiskAttachmentStorage implements AttachmentStorage {
  readonly kind = 'DISK';

  constructor(private readonly dir: string) {}

  async put(_tx: Prisma.TransactionClient, attachmentId: string, bytes: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const partial = join(this.dir, `.${attachmentId}.${randomUUID()}.part`);
    await writeFile(partial, bytes, { mode: 0o600 });
    await rename(partial, this.path(attachmentId));
  }

  async get(attachmentId: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(attachmentId));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async discard(attachmentIds: readonly string[]): Promise<void> {
    await Promise.all(attachmentIds.map((id) => rm(this.path(id), { force: true })));
  }

  private path(attachmentId: string): string {
    // Ids are UUIDs checked by the service: never a path of the client's choosing.
    return join(this.dir, attachmentId);
  }
}

export function attachmentStorageFor(config: AttachmentsConfig, prisma: PrismaService): AttachmentStorage {
  return config.storage === 'disk' ? new DiskAttachmentStorage(config.dir!) : new PostgresAttachmentStorage(prisma);
}
