// The catalog subgraph's own module: its services and resolvers. Everything around them (GraphQL, limits, auth
// guard, logging, health, outbox relay) is the kit's SubgraphModule (see subgraph.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { ProductionCalendarsResolver } from './graphql/production-calendars.resolver';
import { ComponentsResolver, ProductsResolver } from './graphql/products.resolver';
import { ReleasesResolver } from './graphql/releases.resolver';
import { ServiceItemsResolver } from './graphql/service-items.resolver';
import { StatusResolver } from './graphql/status.resolver';
import { PrismaService } from './prisma.service';
import { ProductionCalendarsService } from './production-calendars/production-calendars.service';
import { ProductsService } from './products/products.service';
import { ReleasesService } from './releases/releases.service';
import { ServiceItemsService } from './service-items/service-items.service';

const SERVICES = [PrismaService, ServiceItemsService, ProductsService, ReleasesService, ProductionCalendarsService];

@Module({})
export class CatalogModule {
  static forRoot(): DynamicModule {
    return {
      module: CatalogModule,
      providers: [
        ...SERVICES,
        ServiceItemsResolver,
        ProductsResolver,
        ComponentsResolver,
        ReleasesResolver,
        ProductionCalendarsResolver,
        StatusResolver,
      ],
      exports: SERVICES,
    };
  }
}
