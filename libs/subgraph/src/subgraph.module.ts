// SubgraphModule.forRoot(definition, config): everything a subgraph is besides its own resolvers and services —
// JSON logs with request ids, the Federation 2 GraphQL module (code-first, sorted SDL) with query limits, error
// masking and the gateway-signed caller as context, the global auth guard and error filter, /health, the database
// pool and Kafka client, and the outbox relay.
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { createErrorFormatter, createSubgraphContext, SubgraphAuthGuard } from '@sla-desk/auth';
import { LoggerModule } from 'nestjs-pino';
import { SUBGRAPH_CONFIG, type SubgraphConfig } from './config';
import { DatabasePool } from './database';
import type { SubgraphDefinition } from './definition';
import { GraphQLErrorFilter } from './error.filter';
import { HealthController } from './health.controller';
import { EventConsumers } from './event-consumers';
import { KafkaClient } from './kafka';
import { loggerParams } from './logging';
import { PgNonceStore } from './nonce-store';
import { OUTBOX_TOPICS, OutboxRelayService } from './outbox-relay';
import { queryProtection, SUBGRAPH_QUERY_LIMITS } from './query-limits';
import { SubgraphStatusService } from './status';
import { SUBGRAPH_NAME } from './tokens';

/** The configuration, name, database pool and Kafka client, visible to every module of the service. */
@Global()
@Module({})
class SubgraphCoreModule {
  static forRoot(name: string, config: SubgraphConfig, topics: SubgraphDefinition['topics']): DynamicModule {
    const providers = [
      { provide: SUBGRAPH_CONFIG, useValue: config },
      { provide: SUBGRAPH_NAME, useValue: name },
      { provide: OUTBOX_TOPICS, useValue: topics },
      DatabasePool,
      PgNonceStore,
      KafkaClient,
      EventConsumers,
      SubgraphStatusService,
    ];
    return { module: SubgraphCoreModule, providers, exports: providers };
  }
}

@Module({})
export class SubgraphModule {
  static forRoot<C extends SubgraphConfig, O>(definition: SubgraphDefinition<C, O>, config: C, options?: O): DynamicModule {
    const logger = new Logger('GraphQL');
    const feature = definition.module(config, options);
    const protection = queryProtection(SUBGRAPH_QUERY_LIMITS);
    const context = definition.context;
    return {
      module: SubgraphModule,
      imports: [
        LoggerModule.forRoot(loggerParams({ service: definition.name, level: config.logLevel })),
        SubgraphCoreModule.forRoot(definition.name, config, definition.topics),
        feature,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloFederationDriver,
          imports: [feature],
          inject: [PgNonceStore, ...(context?.inject ?? [])],
          useFactory: (nonces: PgNonceStore, ...services: unknown[]): ApolloDriverConfig => {
            const signedCaller = createSubgraphContext({
              secrets: config.gatewaySecrets,
              nonces,
              onRejected: (reason, req) =>
                logger.warn({ msg: 'Rejected a request without valid gateway identity', reason, address: req.socket.remoteAddress }),
            });
            const extend = context?.factory(...(services as never[]));
            return {
              autoSchemaFile: { federation: 2 },
              sortSchema: true,
              path: '/graphql',
              graphiql: false,
              introspection: config.introspection,
              // Subgraphs answer the gateway only; Apollo Sandbox lives on the gateway.
              plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), ...protection.plugins],
              includeStacktraceInErrorResponses: false,
              allowBatchedHttpRequests: false,
              validationRules: protection.validationRules,
              parseOptions: protection.parseOptions,
              formatError: createErrorFormatter({
                onInternalError: (formatted) => logger.warn({ msg: 'Masked an internal error', path: formatted.path }),
              }),
              context: async (arg: Parameters<typeof signedCaller>[0]) => ({ ...(await signedCaller(arg)), ...extend?.() }),
            };
          },
        }),
      ],
      controllers: [HealthController],
      providers: [
        OutboxRelayService,
        { provide: APP_FILTER, useClass: GraphQLErrorFilter },
        { provide: APP_GUARD, useClass: SubgraphAuthGuard },
        ...(definition.guards ?? []).map((guard) => ({ provide: APP_GUARD, useClass: guard })),
      ],
    };
  }
}
