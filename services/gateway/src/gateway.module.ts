// The gateway's Nest module: Apollo Gateway over the checked-in supergraph.
import { readFileSync } from 'node:fs';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Logger as NestLogger, Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AccessTokenVerifier, createErrorFormatter } from '@sla-desk/auth';
import { loggerParams, queryProtection } from '@sla-desk/subgraph';
import { LoggerModule } from 'nestjs-pino';
import { operationResolutionPlugin } from './client-errors';
import { GATEWAY_CONFIG, type GatewayConfig } from './config';
import { HealthController } from './health.controller';
import { createGatewayContext, SignedIdentityDataSource } from './identity';
import { SUPERGRAPH_FILE } from './supergraph/compose';

export interface GatewayModuleOptions {
  /** Default: supergraph.graphql as checked in. */
  supergraphSdl?: string;
}

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig, verifier: AccessTokenVerifier, options: GatewayModuleOptions = {}): DynamicModule {
    const logger = new NestLogger('GraphQL');
    const supergraphSdl = options.supergraphSdl ?? readFileSync(SUPERGRAPH_FILE, 'utf8');
    const protection = queryProtection(config.limits);
    return {
      module: GatewayModule,
      imports: [
        LoggerModule.forRoot(loggerParams({ service: 'gateway', level: config.logLevel })),
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            graphiql: false,
            introspection: config.introspection,
            plugins: [
              config.landingPage
                ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
                : ApolloServerPluginLandingPageDisabled(),
              operationResolutionPlugin(), // first: the limits need a resolved operation
              ...protection.plugins,
            ],
            includeStacktraceInErrorResponses: false,
            allowBatchedHttpRequests: false,
            validationRules: protection.validationRules,
            parseOptions: protection.parseOptions,
            formatError: createErrorFormatter({
              onInternalError: (formatted, error) =>
                logger.error({ msg: 'Unexpected GraphQL error', error: String(error), path: formatted.path }),
            }),
            context: createGatewayContext(verifier),
          },
          gateway: {
            supergraphSdl,
            buildService: ({ name, url }) => {
              const target = config.subgraphUrls[name.toLowerCase()] ?? url;
              if (!target) throw new Error(`No URL for subgraph ${name}: set SUBGRAPH_${name.toUpperCase()}_URL`);
              return new SignedIdentityDataSource({ name, url: target }, config.gatewaySecret);
            },
          },
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }],
    };
  }
}
