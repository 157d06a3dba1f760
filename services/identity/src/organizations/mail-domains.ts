// The mail domains organizations own, set by the provider, and which addresses an organization may register:
// a customer only addresses in its own domains; nobody an address in a domain another organization owns. This
// stops one customer registering (squatting) another's addresses, and means a customer learns nothing about
// addresses outside its domains: they are refused before any account is looked up.
import { Injectable } from '@nestjs/common';
import { badUserInput } from '@sla-desk/auth';
import { PrismaService, type Tx } from '../common/prisma.service';
import { domainOf, requireMailDomain } from '../common/validation';
import type { Organization } from '../generated/prisma/client';

export const MAX_MAIL_DOMAINS = 50;

/** An address to register and the input field it came from (named in errors). */
export interface AddressInput {
  email: string;
  field: string;
}

/** Validated, normalised and de-duplicated domains. */
export function requireMailDomains(values: readonly string[], field = 'mailDomains'): string[] {
  if (values.length > MAX_MAIL_DOMAINS) throw badUserInput(`At most ${MAX_MAIL_DOMAINS} mail domains`, { field });
  return [...new Set(values.map((value, i) => requireMailDomain(value, `${field}[${i}]`)))].sort();
}

@Injectable()
export class MailDomains {
  constructor(private readonly prisma: PrismaService) {}

  /** The domains of each organization (for the GraphQL loader). */
  async ofOrganizations(organizationIds: readonly string[]): Promise<string[][]> {
    const rows = await this.prisma.organizationMailDomain.findMany({
      where: { organizationId: { in: [...organizationIds] } },
      orderBy: { domain: 'asc' },
    });
    return organizationIds.map((id) => rows.filter((row) => row.organizationId === id).map((row) => row.domain));
  }

  /** Replaces the organization's domains; refused, changing nothing, when one belongs to another organization. */
  async set(tx: Tx, organizationId: string, domains: readonly string[]): Promise<void> {
    const owned = await tx.organizationMailDomain.findMany({ where: { domain: { in: [...domains] } } });
    const taken = owned.filter((row) => row.organizationId !== organizationId).map((row) => row.domain);
    if (taken.length > 0) {
      // Also when defaulted from the contact address (createOrganization without mailDomains): say what to do.
      throw badUserInput(`Already the mail domain of another organization: ${taken.join(', ')}; give this one its own in mailDomains`, {
        field: 'mailDomains',
      });
    }
    await tx.organizationMailDomain.deleteMany({ where: { organizationId, domain: { notIn: [...domains] } } });
    const kept = new Set(owned.map((row) => row.domain));
    // No skipDuplicates: a domain claimed concurrently by another organization fails the transaction.
    await tx.organizationMailDomain.createMany({
      data: domains.filter((domain) => !kept.has(domain)).map((domain) => ({ domain, organizationId })),
    });
  }

  /** Throws BAD_USER_INPUT for the first address `org` may not register (see the top of this file). */
  async assertMayRegister(db: Tx | PrismaService, org: Organization, addresses: readonly AddressInput[]): Promise<void> {
    if (addresses.length === 0) return;
    const domains = [...new Set(addresses.map((a) => domainOf(a.email)))];
    const owners = await db.organizationMailDomain.findMany({ where: { domain: { in: domains } } });
    const ownerOf = new Map(owners.map((row) => [row.domain, row.organizationId]));
    for (const { email, field } of addresses) {
      const owner = ownerOf.get(domainOf(email));
      if (owner === org.id) continue;
      if (org.kind === 'CUSTOMER') {
        const own = await db.organizationMailDomain.findMany({ where: { organizationId: org.id }, orderBy: { domain: 'asc' } });
        throw badUserInput(
          own.length === 0
            ? `${email}: the organization has no mail domains yet; the provider sets them`
            : `${email} is not in the organization's mail domains (${own.map((d) => d.domain).join(', ')})`,
          { field },
        );
      }
      if (owner !== undefined) throw badUserInput(`${email} is in a mail domain of a customer organization`, { field });
    }
  }
}
