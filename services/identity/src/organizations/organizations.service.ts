// Organisations: the provider (one, created by bootstrap) and its customers.
import { Injectable } from '@nestjs/common';
import { type Caller } from '@sla-desk/auth';
import { PrismaService } from '../common/prisma.service';
import { requireEmail, requireName } from '../common/validation';
import type { Organization } from '../generated/prisma/client';

@Injectable()
export class OrganizationsService {
  constructor(private readonly prisma: PrismaService) {}

  findManyByIds(ids: readonly string[]): Promise<Organization[]> {
    return this.prisma.organization.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Provider staff: all; customers: their own and the provider. */
  list(caller: Caller): Promise<Organization[]> {
    return this.prisma.organization.findMany({
      where: caller.organizationKind === 'PROVIDER' ? {} : { OR: [{ id: caller.organizationId }, { kind: 'PROVIDER' }] },
      orderBy: [{ kind: 'desc' }, { name: 'asc' }],
      take: 1000,
    });
  }

  createCustomer(input: { name: string; contactEmail: string }): Promise<Organization> {
    return this.prisma.organization.create({
      data: {
        kind: 'CUSTOMER',
        name: requireName(input.name, 'name'),
        contactEmail: requireEmail(input.contactEmail, 'contactEmail'),
      },
    });
  }

  update(id: string, input: { name?: string | null; contactEmail?: string | null }): Promise<Organization> {
    return this.prisma.organization.update({
      where: { id },
      data: {
        ...(input.name != null ? { name: requireName(input.name, 'name') } : {}),
        ...(input.contactEmail != null ? { contactEmail: requireEmail(input.contactEmail, 'contactEmail') } : {}),
      },
    });
  }
}
