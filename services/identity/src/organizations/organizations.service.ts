// Organizations: the provider (one, created by bootstrap) and its customers.
import { Injectable } from '@nestjs/common';
import { forbidden, isProviderStaff, type Caller } from '@sla-desk/auth';
import { PrismaService } from '../common/prisma.service';
import { domainOf, requireEmail, requireName } from '../common/validation';
import type { Organization } from '../generated/prisma/client';
import { MailDomains, requireMailDomains } from './mail-domains';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly mailDomains: MailDomains,
  ) {}

  findManyByIds(ids: readonly string[]): Promise<Organization[]> {
    return this.prisma.organization.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Each organization's mail domains, in the order of `ids`. */
  mailDomainsOf(ids: readonly string[]): Promise<string[][]> {
    return this.mailDomains.ofOrganizations(ids);
  }

  /** Provider staff: all; customers: their own and the provider. */
  list(caller: Caller): Promise<Organization[]> {
    return this.prisma.organization.findMany({
      where: caller.organizationKind === 'PROVIDER' ? {} : { OR: [{ id: caller.organizationId }, { kind: 'PROVIDER' }] },
      orderBy: [{ kind: 'desc' }, { name: 'asc' }],
      take: 1000,
    });
  }

  /** A customer owns the given mail domains, by default its contact address's. */
  createCustomer(input: { name: string; contactEmail: string; mailDomains?: string[] | null }): Promise<Organization> {
    const name = requireName(input.name, 'name');
    const contactEmail = requireEmail(input.contactEmail, 'contactEmail');
    const domains = input.mailDomains != null ? requireMailDomains(input.mailDomains) : [domainOf(contactEmail)];
    return this.prisma.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { kind: 'CUSTOMER', name, contactEmail } });
      await this.mailDomains.set(tx, org.id, domains);
      return org;
    });
  }

  /** Changes what is given; only the provider's staff set mail domains. Nothing changes when anything is refused. */
  update(
    caller: Caller,
    id: string,
    input: { name?: string | null; contactEmail?: string | null; mailDomains?: string[] | null },
  ): Promise<Organization> {
    if (input.mailDomains != null && !isProviderStaff(caller)) {
      throw forbidden("Only the provider sets an organization's mail domains");
    }
    const data = {
      ...(input.name != null ? { name: requireName(input.name, 'name') } : {}),
      ...(input.contactEmail != null ? { contactEmail: requireEmail(input.contactEmail, 'contactEmail') } : {}),
    };
    const domains = input.mailDomains != null ? requireMailDomains(input.mailDomains) : null;
    return this.prisma.$transaction(async (tx) => {
      if (domains) await this.mailDomains.set(tx, id, domains);
      return tx.organization.update({ where: { id }, data });
    });
  }
}
