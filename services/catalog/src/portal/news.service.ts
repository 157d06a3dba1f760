// Portal news: general items for every customer, product items for the customers whose contracts cover the product.
import { Injectable } from '@nestjs/common';
import { badUserInput, type Caller } from '@sla-desk/auth';
import { requireText, requireUuid } from '@sla-desk/subgraph';
import type { NewsItem } from '../generated/prisma/client';
import type { PublishNewsInput } from '../graphql/types';
import { PrismaService } from '../prisma.service';
import { ProductAccess } from './product-access';

export const MAX_NEWS_ITEMS = 100;

@Injectable()
export class NewsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ProductAccess,
  ) {}

  async publish(input: PublishNewsInput, caller: Caller): Promise<NewsItem> {
    const title = requireText(input.title, 'title', 300);
    const body = requireText(input.body, 'body', 20_000, { multiline: true });
    const productId = input.productId != null ? requireUuid(input.productId, 'productId') : null;
    if (productId && !(await this.prisma.product.findUnique({ where: { id: productId }, select: { id: true } }))) {
      throw badUserInput('No such product', { field: 'productId' });
    }
    return this.prisma.newsItem.create({ data: { title, body, productId, publishedBy: caller.userId } });
  }

  /** Newest first: staff see everything; customers general news and that of their products. */
  async list(caller: Caller, limit: number): Promise<NewsItem[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NEWS_ITEMS) {
      throw badUserInput(`limit must be 1..${MAX_NEWS_ITEMS}`, { field: 'limit' });
    }
    const visible = await this.access.visibleProductIds(caller);
    const where = visible ? { OR: [{ productId: null }, { productId: { in: [...visible] } }] } : {};
    return this.prisma.newsItem.findMany({ where, orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }], take: limit });
  }
}
