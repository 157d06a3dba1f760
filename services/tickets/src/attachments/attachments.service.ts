// Attachments on tickets (at registration) and on comments: checked (allowed media type, size limit, a well-formed
// base64 body, a plain file name), fingerprinted (SHA-256), stored through the configured AttachmentStorage in the
// transaction that writes their ticket or comment, and read back with the ticket's tenant rules; an internal
// comment's attachments are as invisible to customers as the comment.
import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { assertTenantAccess, badUserInput, isProviderStaff, type Caller } from '@sla-desk/auth';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import { GraphQLError } from 'graphql';
import { MAX_ATTACHMENT_BYTES, type TicketsConfig } from '../config';
import type { Attachment, Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma.service';
import { attachmentStorageFor, type AttachmentStorage } from './attachment-storage';

/** What a client sends: the file's name, its media type and its bytes in base64. */
export interface AttachmentUpload {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

/** An upload that passed the checks, ready to store. */
export interface CheckedAttachment {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

export const MAX_ATTACHMENTS_PER_REQUEST = 10;
const MAX_FILE_NAME = 255;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// No path separators, no control characters, not "." or "..".
const BAD_FILE_NAME = /[/\\\u0000-\u001f\u007f]|^\.\.?$/;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

@Injectable()
export class AttachmentsService {
  readonly storage: AttachmentStorage;

  constructor(
    @Inject(SUBGRAPH_CONFIG) private readonly config: TicketsConfig,
    private readonly prisma: PrismaService,
  ) {
    this.storage = attachmentStorageFor(config.attachments, prisma);
  }

  /** Checks every upload before anything is stored: BAD_USER_INPUT naming the field and a stable reason. */
  check(uploads: readonly AttachmentUpload[] | null | undefined, field = 'attachments'): CheckedAttachment[] {
    const list = uploads ?? [];
    const { maxBytes, allowedTypes } = this.config.attachments;
    if (list.length > MAX_ATTACHMENTS_PER_REQUEST) {
      throw badUserInput(`At most ${MAX_ATTACHMENTS_PER_REQUEST} attachments per request`, { field, reason: 'TOO_MANY_ATTACHMENTS' });
    }
    let total = 0;
    return list.map((u, i) => {
      const at = `${field}[${i}]`;
      const fileName = u.fileName.trim();
      if (!fileName || fileName.length > MAX_FILE_NAME || BAD_FILE_NAME.test(fileName)) {
        throw badUserInput(`${at}.fileName must be a plain file name of 1-${MAX_FILE_NAME} characters`, { field: `${at}.fileName` });
      }
      const contentType = u.contentType.trim().toLowerCase();
      if (!allowedTypes.includes(contentType)) {
        throw badUserInput(`${at}: type ${contentType || '(none)'} is not allowed (allowed: ${allowedTypes.join(', ')})`, {
          field: `${at}.contentType`,
          reason: 'ATTACHMENT_TYPE_NOT_ALLOWED',
        });
      }
      // Reject by the encoded length first: an oversized body is never decoded.
      if (u.contentBase64.length > Math.ceil(maxBytes / 3) * 4 || !BASE64.test(u.contentBase64)) {
        const tooLarge = u.contentBase64.length > Math.ceil(maxBytes / 3) * 4;
        throw tooLarge ? this.tooLarge(at) : badUserInput(`${at}.contentBase64 is not base64`, { field: `${at}.contentBase64` });
      }
      const bytes = Buffer.from(u.contentBase64, 'base64');
      if (bytes.length === 0) throw badUserInput(`${at} is empty`, { field: `${at}.contentBase64` });
      if (bytes.length > maxBytes) throw this.tooLarge(at);
      total += bytes.length;
      if (total > MAX_ATTACHMENT_BYTES) {
        throw badUserInput(`Attachments of one request may total at most ${MAX_ATTACHMENT_BYTES} bytes`, {
          field,
          reason: 'ATTACHMENT_TOO_LARGE',
        });
      }
      return { fileName, contentType, bytes, sha256: sha256(bytes) };
    });
  }

  /** What identifies the uploads in a request's digest (a retry must carry the same files). */
  static fingerprint(items: readonly CheckedAttachment[]): string[] {
    return items.map((a) => `${a.fileName}\u0000${a.contentType}\u0000${a.sha256}`);
  }

  /** Stores rows and bytes inside `tx`; returns the ids (deterministic when `ids` are given: retries). */
  async save(
    tx: Prisma.TransactionClient,
    owner: { ticketId: string; commentId?: string; uploadedBy: string },
    items: readonly CheckedAttachment[],
    ids: readonly string[] = items.map(() => randomUUID()),
  ): Promise<string[]> {
    for (const [i, a] of items.entries()) {
      const id = ids[i]!;
      await tx.attachment.create({
        data: {
          id,
          ticketId: owner.ticketId,
          commentId: owner.commentId ?? null,
          fileName: a.fileName,
          contentType: a.contentType,
          size: a.bytes.length,
          sha256: a.sha256,
          storage: this.storage.kind,
          uploadedBy: owner.uploadedBy,
        },
      });
      await this.storage.put(tx, id, a.bytes);
    }
    return [...ids];
  }

  /** The ticket's own attachments (those of registration), oldest first. */
  ofTicket(ticketId: string): Promise<Attachment[]> {
    return this.prisma.attachment.findMany({ where: { ticketId, commentId: null }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  ofComments(commentIds: readonly string[]): Promise<Attachment[]> {
    return this.prisma.attachment.findMany({
      where: { commentId: { in: [...commentIds] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  /**
   * One attachment with the rules of its ticket: another customer's is FORBIDDEN (as the ticket), an internal
   * comment's is null for customers (they do not learn it exists), an unknown one null.
   */
  async find(caller: Caller, attachmentId: string): Promise<Attachment | null> {
    const attachment = await this.prisma.attachment.findUnique({ where: { id: attachmentId }, include: { comment: true, ticket: true } });
    if (!attachment) return null;
    assertTenantAccess(caller, attachment.ticket.customerId, 'this attachment');
    if (attachment.comment?.internal && !isProviderStaff(caller)) return null;
    return attachment;
  }

  /** The bytes, checked against the stored SHA-256. */
  async content(attachment: Attachment): Promise<Buffer> {
    const bytes = await this.storage.get(attachment.id);
    if (!bytes || sha256(bytes) !== attachment.sha256) {
      throw new GraphQLError(`The content of attachment ${attachment.id} is missing or damaged`, {
        extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'ATTACHMENT_DAMAGED' },
      });
    }
    return bytes;
  }

  private tooLarge(at: string): GraphQLError {
    return badUserInput(`${at} is larger than ${this.config.attachments.maxBytes} bytes`, {
      field: `${at}.contentBase64`,
      reason: 'ATTACHMENT_TOO_LARGE',
    });
  }
}
