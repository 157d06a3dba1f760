// First start of a fresh installation: the provider organization and its first administrator. Idempotent.
import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService } from './common/prisma.service';
import { UsersService, type PasswordSetupTicket } from './users/users.service';

export interface BootstrapInput {
  providerName: string;
  providerContactEmail: string;
  adminEmail: string;
  adminDisplayName: string;
  /** Set the admin's password now; otherwise a setup ticket is returned. */
  adminPassword?: string;
}

export interface BootstrapResult {
  providerOrganizationId: string;
  adminUserId: string;
  createdOrganization: boolean;
  createdAdmin: boolean;
  setupTicket?: PasswordSetupTicket;
}

export async function bootstrapProvider(app: INestApplicationContext, input: BootstrapInput): Promise<BootstrapResult> {
  const prisma = app.get(PrismaService);
  const users = app.get(UsersService);
  let provider = await prisma.organization.findFirst({ where: { kind: 'PROVIDER' }, orderBy: { createdAt: 'asc' } });
  const createdOrganization = provider === null;
  provider ??= await prisma.organization.create({
    data: { kind: 'PROVIDER', name: input.providerName, contactEmail: input.providerContactEmail.trim().toLowerCase() },
  });
  const existing = await prisma.user.findUnique({ where: { email: input.adminEmail.trim().toLowerCase() } });
  if (existing) {
    return { providerOrganizationId: provider.id, adminUserId: existing.id, createdOrganization, createdAdmin: false };
  }
  const { user, ticket } = await users.create(null, {
    organizationId: provider.id,
    email: input.adminEmail,
    displayName: input.adminDisplayName,
    roles: ['ADMIN'],
  });
  if (input.adminPassword !== undefined) {
    await users.completePasswordSetup(ticket.token, input.adminPassword);
    return { providerOrganizationId: provider.id, adminUserId: user.id, createdOrganization, createdAdmin: true };
  }
  return { providerOrganizationId: provider.id, adminUserId: user.id, createdOrganization, createdAdmin: true, setupTicket: ticket };
}
