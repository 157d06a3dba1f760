// The catalog subgraph's own module: its services and resolvers. Everything around them (GraphQL, limits, auth
// guard, logging, health, outbox relay) is the kit's SubgraphModule (see subgraph.ts).
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { subgraphStatusResolver } from '@sla-desk/subgraph';
import { ContractsClient } from '@sla-desk/contracts-client';
import type { CatalogConfig } from './config';
import { PortalResolver } from './graphql/portal.resolver';
import { ProductionCalendarsResolver } from './graphql/production-calendars.resolver';
import { ComponentsResolver, ProductsResolver } from './graphql/products.resolver';
import { ReleasesResolver } from './graphql/releases.resolver';
import { ServiceItemsResolver } from './graphql/service-items.resolver';
import { DiskDocumentStorage, DOCUMENT_STORAGE, PostgresDocumentStorage } from './portal/document-storage';
import { LibraryService } from './portal/library.service';
import { NewsService } from './portal/news.service';
import { CONTRACT_COVERAGE, ProductAccess, type ContractCoverage } from './portal/product-access';
import { PrismaService } from './prisma.service';
import { ProductionCalendarsService } from './production-calendars/production-calendars.service';
import { ProductsService } from './products/products.service';
import { ReleasesService } from './releases/releases.service';
import { ServiceItemsService } from './service-items/service-items.service';

export interface CatalogModuleOptions {
  /** What customers' contracts cover; default: the contracts subgraph (config.contractsUrl). */
  coverage?: ContractCoverage;
}

const SERVICES = [
  PrismaService,
  ServiceItemsService,
  ProductsService,
  ReleasesService,
  ProductionCalendarsService,
  ProductAccess,
  NewsService,
  LibraryService,
];
const RESOLVERS = [
  ServiceItemsResolver,
  ProductsResolver,
  ComponentsResolver,
  ReleasesResolver,
  ProductionCalendarsResolver,
  PortalResolver,
  subgraphStatusResolver('catalog'),
];

@Module({})
export class CatalogModule {
  static forRoot(config: CatalogConfig, options: CatalogModuleOptions = {}): DynamicModule {
    const coverage: Provider = {
      provide: CONTRACT_COVERAGE,
      useFactory: () =>
        options.coverage ?? new ContractsClient({ url: config.contractsUrl, secret: config.gatewaySecrets[0]!, service: 'catalog' }),
    };
    const storage: Provider =
      config.library.storage === 'disk'
        ? { provide: DOCUMENT_STORAGE, useValue: new DiskDocumentStorage(config.library.dir!) }
        : { provide: DOCUMENT_STORAGE, useClass: PostgresDocumentStorage };
    return { module: CatalogModule, providers: [coverage, storage, ...SERVICES, ...RESOLVERS], exports: SERVICES };
  }
}
