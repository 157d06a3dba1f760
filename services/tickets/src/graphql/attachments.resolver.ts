// Attachments as GraphQL: one by id (with its ticket's tenant rules), its content (base64, checked against its
// SHA-256), and the attachments of a comment (the comment list already hides internal comments from customers).
import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser, forbidden, type Caller } from '@sla-desk/auth';
import { AttachmentsService } from '../attachments/attachments.service';
import { requireUuid } from '../tickets/validation';
import { toAttachment } from './mappers';
import { AttachmentType, CommentType } from './types';

@Resolver(() => AttachmentType)
export class AttachmentsResolver {
  constructor(private readonly attachments: AttachmentsService) {}

  @Query(() => AttachmentType, {
    nullable: true,
    description: "An attachment, as visible as its ticket (another customer's: FORBIDDEN) and its comment (internal: provider staff only).",
  })
  async attachment(@Args('id', { type: () => ID }) id: string, @CurrentUser() caller: Caller): Promise<AttachmentType | null> {
    const found = await this.attachments.find(caller, requireUuid(id, 'id'));
    return found && toAttachment(found);
  }

  @ResolveField(() => String, { description: 'The content, base64 (verified against sha256).' })
  async contentBase64(@Parent() attachment: AttachmentType, @CurrentUser() caller: Caller): Promise<string> {
    // Re-checked here: an Attachment reached through a ticket or comment was visible there, but this keeps the bytes
    // behind the same rule whatever path led to them.
    const found = await this.attachments.find(caller, attachment.id);
    if (!found) throw forbidden('You may not read this attachment');
    return (await this.attachments.content(found)).toString('base64');
  }
}

@Resolver(() => CommentType)
export class CommentAttachmentsResolver {
  constructor(private readonly files: AttachmentsService) {}

  @ResolveField(() => [AttachmentType])
  async attachments(@Parent() comment: CommentType): Promise<AttachmentType[]> {
    return (await this.files.ofComments([comment.id])).map(toAttachment);
  }
}
