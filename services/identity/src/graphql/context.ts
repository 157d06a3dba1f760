// The per-request GraphQL context of the identity subgraph: the verified caller plus batched loaders.
import DataLoader from 'dataloader';
import { forbidden, unauthenticated, type Caller, type SubgraphContext } from '@sla-desk/auth';
import type { Organization } from '../generated/prisma/client';
import type { Sessions } from '../auth/sessions';
import type { OrganizationsService } from '../organizations/organizations.service';
import type { UserWithAccess } from '../users/user-access';
import type { UsersService } from '../users/users.service';

export interface IdentityLoaders {
  user: DataLoader<string, UserWithAccess | null>;
  organization: DataLoader<string, Organization | null>;
  mailDomains: DataLoader<string, string[]>;
}

export interface IdentityContext extends SubgraphContext {
  loaders: IdentityLoaders;
  /** Memoised check that the caller's session is live. */
  sessionActive?: Promise<boolean>;
}

function byId<T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) {
  return async (ids: readonly string[]) => {
    const rows = new Map((await load(ids)).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  };
}

export function createLoaders(users: UsersService, organizations: OrganizationsService): IdentityLoaders {
  return {
    user: new DataLoader(
      byId((ids) => users.findManyByIds(ids)),
      { maxBatchSize: 500 },
    ),
    organization: new DataLoader(
      byId((ids) => organizations.findManyByIds(ids)),
      { maxBatchSize: 500 },
    ),
    mailDomains: new DataLoader((ids) => organizations.mailDomainsOf(ids), { maxBatchSize: 500 }),
  };
}

/** The caller of a resolver the global guards do not cover (reference and field resolvers). */
export async function requireLiveCaller(context: IdentityContext, sessions: Sessions): Promise<Caller> {
  const caller = context.identity.caller;
  if (!caller) throw unauthenticated();
  context.sessionActive ??= sessions.isActive(caller.sessionId);
  if (!(await context.sessionActive)) throw unauthenticated('Your session has ended; log in again');
  return caller;
}

export function assertVisible(visible: boolean, what: string): void {
  if (!visible) throw forbidden(`You may not access ${what}: it belongs to another organization`);
}
