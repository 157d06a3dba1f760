// The service catalog: read by everyone logged in, its texts edited by provider admins. The items themselves (codes
// and hierarchy) are the seed's (migration 20261130060248_service_catalog_seed): contracts refer to them by code.
import { Injectable } from '@nestjs/common';
import { badUserInput, type Caller } from '@sla-desk/auth';
import { requireText } from '@sla-desk/subgraph';
import type { ServiceItem } from '../generated/prisma/client';
import type { UpdateServiceItemInput } from '../graphql/types';
import { PrismaService } from '../prisma.service';

export const MAX_TITLE_LENGTH = 300;
export const MAX_RESULT_LENGTH = 2000;

/** Catalog numbers sort as 1 < 4 < 4.1 < 4.2 < 5 < 6.2.1 < 6.3 (also 6.10 after 6.9). */
export function compareCodes(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

@Injectable()
export class ServiceItemsService {
  constructor(private readonly prisma: PrismaService) {}

  /** Every item in catalog order (1, 2, 3, 4, 4.1, …, 6.3). */
  async list(): Promise<ServiceItem[]> {
    return (await this.prisma.serviceItem.findMany()).sort((a, b) => compareCodes(a.code, b.code));
  }

  findManyByCodes(codes: readonly string[]): Promise<ServiceItem[]> {
    return this.prisma.serviceItem.findMany({ where: { code: { in: [...codes] } } });
  }

  children(code: string): Promise<ServiceItem[]> {
    return this.prisma.serviceItem.findMany({ where: { parentCode: code }, orderBy: { position: 'asc' } });
  }

  async update(input: UpdateServiceItemInput, caller: Caller): Promise<ServiceItem> {
    const data = {
      ...(input.titleRu != null ? { titleRu: requireText(input.titleRu, 'titleRu', MAX_TITLE_LENGTH) } : {}),
      ...(input.titleEn != null ? { titleEn: requireText(input.titleEn, 'titleEn', MAX_TITLE_LENGTH) } : {}),
      ...(input.resultRu != null ? { resultRu: requireText(input.resultRu, 'resultRu', MAX_RESULT_LENGTH, { multiline: true }) } : {}),
      ...(input.resultEn != null ? { resultEn: requireText(input.resultEn, 'resultEn', MAX_RESULT_LENGTH, { multiline: true }) } : {}),
    };
    const updated = await this.prisma.serviceItem.updateMany({ where: { code: input.code }, data: { ...data, updatedBy: caller.userId } });
    if (updated.count === 0) throw badUserInput(`No catalog item ${input.code}`, { field: 'code' });
    return this.prisma.serviceItem.findUniqueOrThrow({ where: { code: input.code } });
  }
}
