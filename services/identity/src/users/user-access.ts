// A user with what decides whether they may log in.
import type { AccessListEntry, Organization, User } from '../generated/prisma/client';

export type UserWithAccess = User & { organization: Organization; accessEntry: AccessListEntry | null };
export const WITH_ACCESS = { organization: true, accessEntry: true } as const;

/** Active, has a password, and (customers) is on the organization's access list. */
export function canLogIn(user: UserWithAccess): boolean {
  return user.status === 'ACTIVE' && user.passwordHash !== null && (user.organization.kind === 'PROVIDER' || user.accessEntry !== null);
}
