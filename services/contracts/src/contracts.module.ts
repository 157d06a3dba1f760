// The contracts subgraph's own module: its services and resolvers. Everything around them (GraphQL, limits, auth
// guard, logging, health, outbox relay) is the kit's SubgraphModule (see subgraph.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { PrismaService } from './prisma.service';
import { StatusResolver } from './status.resolver';

@Module({})
export class ContractsModule {
  static forRoot(): DynamicModule {
    return { module: ContractsModule, providers: [PrismaService, StatusResolver], exports: [PrismaService] };
  }
}
