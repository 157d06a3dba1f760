// Portal content: news and the technical library. Provider ADMIN and SUPPORT_MANAGER publish and upload; customers
// read general news and the news and library of the products their contracts cover (another product's: FORBIDDEN).
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, Roles, type Caller } from '@sla-desk/auth';
import type { LibraryDocument, NewsItem } from '../generated/prisma/client';
import { LibraryService } from '../portal/library.service';
import { NewsService } from '../portal/news.service';
import { CATALOG_EDITORS } from './products.resolver';
import { LibraryDocumentContentType, LibraryDocumentType, NewsItemType, PublishNewsInput, UploadLibraryDocumentInput } from './types';

@Resolver()
export class PortalResolver {
  constructor(
    private readonly newsService: NewsService,
    private readonly library: LibraryService,
  ) {}

  @Query(() => [NewsItemType], { description: 'Newest first.' })
  news(@CurrentUser() caller: Caller, @Args('limit', { type: () => Int, defaultValue: 20 }) limit: number): Promise<NewsItem[]> {
    return this.newsService.list(caller, limit);
  }

  @Query(() => [LibraryDocumentType], { description: "A product's technical library, newest first." })
  libraryDocuments(@CurrentUser() caller: Caller, @Args('productId', { type: () => ID }) productId: string): Promise<LibraryDocument[]> {
    return this.library.list(caller, productId);
  }

  @Query(() => LibraryDocumentContentType, { nullable: true, description: 'Downloads a document.' })
  async libraryDocumentContent(
    @CurrentUser() caller: Caller,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<LibraryDocumentContentType | null> {
    const found = await this.library.download(caller, id);
    return found && { document: found.document, contentBase64: found.content.toString('base64') };
  }

  @Roles(...CATALOG_EDITORS)
  @Mutation(() => NewsItemType)
  publishNews(@Args('input') input: PublishNewsInput, @CurrentUser() caller: Caller): Promise<NewsItem> {
    return this.newsService.publish(input, caller);
  }

  @Roles(...CATALOG_EDITORS)
  @Mutation(() => LibraryDocumentType, { description: "Adds a document to a product's technical library." })
  uploadLibraryDocument(@Args('input') input: UploadLibraryDocumentInput, @CurrentUser() caller: Caller): Promise<LibraryDocument> {
    return this.library.upload(input, caller);
  }
}
