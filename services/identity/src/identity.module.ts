// The identity subgraph's own module: its services and resolvers. Everything around them (GraphQL, limits, auth
// guard, logging, health, outbox relay) is the kit's SubgraphModule (see subgraph.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { AccessTokenSigner } from '@sla-desk/auth';
import { subgraphStatusResolver } from '@sla-desk/subgraph';
import { AccessListService } from './access-list/access-list.service';
import { AuthService } from './auth/auth.service';
import { LoginThrottle } from './auth/login-throttle';
import { ACCESS_TOKEN_SIGNER, Sessions } from './auth/sessions';
import { IDENTITY_EVENTS, type IdentityEvents } from './common/events';
import { OutboxIdentityEvents } from './common/outbox-events';
import { Passwords } from './common/passwords';
import { PrismaService } from './common/prisma.service';
import type { IdentityConfig } from './config';
import { AccessListResolver } from './graphql/access-list.resolver';
import { AuthResolver } from './graphql/auth.resolver';
import { OrganizationsResolver } from './graphql/organizations.resolver';
import { ActiveSessionGuard } from './graphql/session.guard';
import { UsersResolver } from './graphql/users.resolver';
import { MailDomains } from './organizations/mail-domains';
import { OrganizationsService } from './organizations/organizations.service';
import { UsersService } from './users/users.service';

export interface IdentityModuleOptions {
  /** Where events go; default: the transactional outbox (common/outbox-events.ts). */
  events?: IdentityEvents;
}

const SERVICES = [
  PrismaService,
  Passwords,
  LoginThrottle,
  Sessions,
  AuthService,
  UsersService,
  OrganizationsService,
  MailDomains,
  AccessListService,
];

@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig, options: IdentityModuleOptions = {}): DynamicModule {
    return {
      module: IdentityModule,
      providers: [
        { provide: IDENTITY_EVENTS, useValue: options.events ?? new OutboxIdentityEvents() },
        {
          provide: ACCESS_TOKEN_SIGNER,
          useFactory: () => AccessTokenSigner.fromPkcs8(config.jwtPrivateKey, config.accessTokenTtlSeconds),
        },
        ...SERVICES,
        AuthResolver,
        UsersResolver,
        OrganizationsResolver,
        AccessListResolver,
        subgraphStatusResolver('identity'),
        ActiveSessionGuard,
      ],
      exports: [IDENTITY_EVENTS, ACCESS_TOKEN_SIGNER, ActiveSessionGuard, ...SERVICES],
    };
  }
}
