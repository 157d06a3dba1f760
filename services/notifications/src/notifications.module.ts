// The notifications subgraph's own module: its services and resolvers. Everything around them (GraphQL, limits, auth
// guard, logging, health, outbox relay) is the kit's SubgraphModule (see subgraph.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { subgraphStatusResolver } from '@sla-desk/subgraph';
import { PrismaService } from './prisma.service';

@Module({})
export class NotificationsModule {
  static forRoot(): DynamicModule {
    return { module: NotificationsModule, providers: [PrismaService, subgraphStatusResolver('notifications')], exports: [PrismaService] };
  }
}
