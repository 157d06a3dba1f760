// Where the technical library keeps document content, behind one interface: PostgreSQL (table library_blobs, written
// in the transaction that records the document) or a directory on disk (one file per document, written atomically
// before the record commits). CATALOG_LIBRARY_STORAGE picks one.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '../prisma.service';

export interface DocumentStorage {
  readonly kind: 'postgres' | 'disk';
  /** Stores the content of a new document inside the transaction that records it. */
  write(tx: Tx, documentId: string, content: Buffer): Promise<void>;
  /** The content, or null when it is missing. */
  read(documentId: string): Promise<Buffer | null>;
}

export const DOCUMENT_STORAGE = Symbol('DOCUMENT_STORAGE');

@Injectable()
export class PostgresDocumentStorage implements DocumentStorage {
  readonly kind = 'postgres' as const;

  constructor(private readonly prisma: PrismaService) {}

  async write(tx: Tx, documentId: string, content: Buffer): Promise<void> {
    await tx.libraryBlob.create({ data: { documentId, content: new Uint8Array(content) } });
  }

  async read(documentId: string): Promise<Buffer | null> {
    const blob = await this.prisma.libraryBlob.findUnique({ where: { documentId } });
    return blob ? Buffer.from(blob.content) : null;
  }
}

export class DiskDocumentStorage implements DocumentStorage {
  readonly kind = 'disk' as const;

  constructor(private readonly dir: string) {}

  async write(_tx: Tx, documentId: string, content: Buffer): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    // A rolled-back transaction leaves an unreferenced file, never a record without its content.
    const temporary = join(this.dir, `${documentId}.tmp`);
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, this.pathOf(documentId));
  }

  async read(documentId: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(documentId));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private pathOf(documentId: string): string {
    return join(this.dir, documentId);
  }
}
