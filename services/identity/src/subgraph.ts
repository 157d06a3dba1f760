// The identity subgraph as the kit sees it: organizations, users, roles, logins, sessions, the access list.
import { join } from 'node:path';
import { TOPICS } from '@sla-desk/events';
import { defineSubgraph } from '@sla-desk/subgraph';
import { IDENTITY_DEFAULT_PORT, loadIdentityConfig, offlineIdentityConfig, type IdentityConfig } from './config';
import { createLoaders } from './graphql/context';
import { ActiveSessionGuard } from './graphql/session.guard';
import { IdentityModule, type IdentityModuleOptions } from './identity.module';
import { OrganizationsService } from './organizations/organizations.service';
import { UsersService } from './users/users.service';

export const identitySubgraph = defineSubgraph<IdentityConfig, IdentityModuleOptions>({
  name: 'identity',
  root: join(__dirname, '..'),
  defaultPort: IDENTITY_DEFAULT_PORT,
  loadConfig: loadIdentityConfig,
  offlineConfig: offlineIdentityConfig,
  module: (config, options) => IdentityModule.forRoot(config, options),
  topics: [TOPICS.identity],
  // After the kit's auth guard: the caller's session must still be live.
  guards: [ActiveSessionGuard],
  context: {
    inject: [UsersService, OrganizationsService],
    factory: (users: UsersService, organizations: OrganizationsService) => () => ({ loaders: createLoaders(users, organizations) }),
  },
});
