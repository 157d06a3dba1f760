// The technical library: documents per product, uploaded by provider staff (size limit, SHA-256 checksum checked
// on upload and on every download), read by provider staff and by customers whose contracts cover the product.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { badUserInput, type Caller } from '@sla-desk/auth';
import { requireText, requireUuid, SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import type { CatalogConfig } from '../config';
import type { LibraryDocument } from '../generated/prisma/client';
import type { UploadLibraryDocumentInput } from '../graphql/types';
import { PrismaService } from '../prisma.service';
import { DOCUMENT_STORAGE, type DocumentStorage } from './document-storage';
import { ProductAccess } from './product-access';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SHA256 = /^[0-9a-f]{64}$/;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
const FILE_NAME = /^[^/\\\u0000-\u001f]+$/;

export function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

@Injectable()
export class LibraryService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ProductAccess,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @Inject(SUBGRAPH_CONFIG) private readonly config: CatalogConfig,
  ) {}

  async upload(input: UploadLibraryDocumentInput, caller: Caller): Promise<LibraryDocument> {
    const productId = requireUuid(input.productId, 'productId');
    const title = requireText(input.title, 'title', 300);
    const fileName = requireText(input.fileName, 'fileName', 255);
    if (!FILE_NAME.test(fileName)) throw badUserInput('fileName must not contain slashes', { field: 'fileName' });
    const contentType = input.contentType.trim().toLowerCase();
    if (!CONTENT_TYPE.test(contentType))
      throw badUserInput('contentType must be a media type such as application/pdf', { field: 'contentType' });
    const content = this.decode(input.contentBase64);
    const sha256 = sha256Of(content);
    if (input.sha256 != null && !SHA256.test(input.sha256.toLowerCase())) {
      throw badUserInput('sha256 must be 64 hexadecimal digits', { field: 'sha256' });
    }
    if (input.sha256 != null && input.sha256.toLowerCase() !== sha256) {
      throw badUserInput('The content does not match its sha256: the upload was damaged', { field: 'sha256' });
    }
    return this.prisma.$transaction(async (tx) => {
      if (!(await tx.product.findUnique({ where: { id: productId }, select: { id: true } }))) {
        throw badUserInput('No such product', { field: 'productId' });
      }
      const document = await tx.libraryDocument.create({
        data: {
          productId,
          title,
          fileName,
          contentType,
          byteSize: content.length,
          sha256,
          storage: this.storage.kind,
          uploadedBy: caller.userId,
        },
      });
      await this.storage.write(tx, document.id, content);
      return document;
    });
  }

  async list(caller: Caller, productId: string): Promise<LibraryDocument[]> {
    const id = requireUuid(productId, 'productId');
    await this.access.assertVisible(caller, id);
    return this.prisma.libraryDocument.findMany({ where: { productId: id }, orderBy: [{ uploadedAt: 'desc' }, { id: 'asc' }] });
  }

  /** The document and its content, checked against the checksum recorded at upload. */
  async download(caller: Caller, documentId: string): Promise<{ document: LibraryDocument; content: Buffer } | null> {
    const document = await this.prisma.libraryDocument.findUnique({ where: { id: requireUuid(documentId, 'id') } });
    if (!document) return null;
    await this.access.assertVisible(caller, document.productId);
    const content = await this.storage.read(document.id);
    if (!content || sha256Of(content) !== document.sha256) {
      throw new Error(`library document ${document.id}: content missing or damaged in ${document.storage} storage`);
    }
    return { document, content };
  }

  private decode(base64: string): Buffer {
    const compact = base64.replace(/\s+/g, '');
    if (!BASE64.test(compact)) throw badUserInput('contentBase64 is not base64', { field: 'contentBase64' });
    const content = Buffer.from(compact, 'base64');
    if (content.length === 0) throw badUserInput('The document is empty', { field: 'contentBase64' });
    if (content.length > this.config.library.maxBytes) {
      throw badUserInput(`The document exceeds ${this.config.library.maxBytes} bytes`, { field: 'contentBase64' });
    }
    return content;
  }
}
