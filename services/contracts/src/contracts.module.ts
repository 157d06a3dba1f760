// The contracts subgraph's own module: its services and resolvers. Everything around them (GraphQL, limits, auth
// guard, logging, health, outbox relay) is the kit's SubgraphModule (see subgraph.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { subgraphStatusResolver, TemporalClient } from '@sla-desk/subgraph';
import { CatalogComponentDirectory, COMPONENT_DIRECTORY, type ComponentDirectory } from './catalog/component-directory';
import type { ContractsConfig } from './config';
import { ContractsService } from './contracts/contracts.service';
import { ContractsResolver } from './graphql/contracts.resolver';
import { CONTRACT_ONBOARDING, TemporalContractOnboarding, type ContractOnboarding } from './onboarding/contract-onboarding';
import { ProductionYears } from './calendars/production-years';
import { PrismaService } from './prisma.service';

export interface ContractsModuleOptions {
  /** Where onboarding workflows start; default: Temporal (config.temporal). */
  onboarding?: ContractOnboarding;
  /** Which components exist; default: the catalog subgraph (config.catalogUrl). */
  components?: ComponentDirectory;
}

@Module({})
export class ContractsModule {
  static forRoot(_config: ContractsConfig, options: ContractsModuleOptions = {}): DynamicModule {
    return {
      module: ContractsModule,
      providers: [
        PrismaService,
        options.onboarding
          ? { provide: CONTRACT_ONBOARDING, useValue: options.onboarding }
          : { provide: CONTRACT_ONBOARDING, useClass: TemporalContractOnboarding },
        TemporalClient,
        options.components
          ? { provide: COMPONENT_DIRECTORY, useValue: options.components }
          : { provide: COMPONENT_DIRECTORY, useClass: CatalogComponentDirectory },
        ContractsService,
        ProductionYears,
        ContractsResolver,
        subgraphStatusResolver('contracts'),
      ],
      exports: [PrismaService, ContractsService],
    };
  }
}
