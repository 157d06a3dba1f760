// The identity subgraph's Nest module.
import { ApolloFederationDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Logger as NestLogger, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  AccessTokenSigner,
  createErrorFormatter,
  createSubgraphContext,
  DEFAULT_QUERY_LIMITS,
  GraphQLErrorFilter,
  loggerParams,
  queryLimitsRule,
  SubgraphAuthGuard,
} from '@sla-desk/auth';
import { LoggerModule } from 'nestjs-pino';
import { AccessListService } from './access-list/access-list.service';
import { AuthService } from './auth/auth.service';
import { LoginThrottle } from './auth/login-throttle';
import { ACCESS_TOKEN_SIGNER, Sessions } from './auth/sessions';
import { IDENTITY_EVENTS, type IdentityEvents } from './common/events';
import { OutboxIdentityEvents } from './common/outbox-events';
import { Passwords } from './common/passwords';
import { PrismaService } from './common/prisma.service';
import { IDENTITY_CONFIG, type IdentityConfig } from './config';
import { AccessListResolver } from './graphql/access-list.resolver';
import { AuthResolver } from './graphql/auth.resolver';
import { createLoaders } from './graphql/context';
import { OrganizationsResolver } from './graphql/organizations.resolver';
import { ActiveSessionGuard } from './graphql/session.guard';
import { UsersResolver } from './graphql/users.resolver';
import { HealthController } from './health.controller';
import { OutboxRelayService } from './relay';
import { MailDomains } from './organizations/mail-domains';
import { OrganizationsService } from './organizations/organizations.service';
import { UsersService } from './users/users.service';

export interface IdentityModuleOptions {
  /** Where events go; default: the transactional outbox (common/outbox-events.ts). */
  events?: IdentityEvents;
}

const SERVICES = [PrismaService, Passwords, LoginThrottle, Sessions, AuthService, UsersService, OrganizationsService, MailDomains, AccessListService];

@Global()
@Module({})
class IdentityCoreModule {
  static forRoot(config: IdentityConfig, options: IdentityModuleOptions): DynamicModule {
    return {
      module: IdentityCoreModule,
      providers: [
        { provide: IDENTITY_CONFIG, useValue: config },
        { provide: IDENTITY_EVENTS, useValue: options.events ?? new OutboxIdentityEvents() },
        {
          provide: ACCESS_TOKEN_SIGNER,
          useFactory: () => AccessTokenSigner.fromPkcs8(config.jwtPrivateKey, config.accessTokenTtlSeconds),
        },
        ...SERVICES,
      ],
      exports: [IDENTITY_CONFIG, IDENTITY_EVENTS, ACCESS_TOKEN_SIGNER, ...SERVICES],
    };
  }
}

@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig, options: IdentityModuleOptions = {}): DynamicModule {
    const logger = new NestLogger('GraphQL');
    const subgraphContext = createSubgraphContext({
      secrets: config.gatewaySecrets,
      onRejected: (reason, req) =>
        logger.warn({ msg: 'Rejected a request without valid gateway identity', reason, address: req.socket.remoteAddress }),
    });
    return {
      module: IdentityModule,
      imports: [
        LoggerModule.forRoot(loggerParams({ service: 'identity', level: config.logLevel })),
        IdentityCoreModule.forRoot(config, options),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloFederationDriver,
          inject: [UsersService, OrganizationsService],
          useFactory: (users: UsersService, organizations: OrganizationsService): ApolloDriverConfig => ({
            autoSchemaFile: { federation: 2 },
            sortSchema: true,
            path: '/graphql',
            graphiql: false,
            introspection: config.introspection,
            // Subgraphs answer the gateway only; Apollo Sandbox lives on the gateway.
            plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled()],
            includeStacktraceInErrorResponses: false,
            allowBatchedHttpRequests: false,
            validationRules: [queryLimitsRule({ ...DEFAULT_QUERY_LIMITS, maxDepth: 12, maxCost: 20000, maxAliases: 100 })],
            formatError: createErrorFormatter({
              onInternalError: (formatted) => logger.warn({ msg: 'Masked an internal error', path: formatted.path }),
            }),
            context: (arg: Parameters<typeof subgraphContext>[0]) => ({
              ...subgraphContext(arg),
              loaders: createLoaders(users, organizations),
            }),
          }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        AuthResolver,
        UsersResolver,
        OrganizationsResolver,
        AccessListResolver,
        OutboxRelayService,
        { provide: APP_FILTER, useClass: GraphQLErrorFilter },
        { provide: APP_GUARD, useClass: SubgraphAuthGuard },
        { provide: APP_GUARD, useClass: ActiveSessionGuard },
      ],
    };
  }
}
