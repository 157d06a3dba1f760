// The tickets subgraph's own module: its services and resolvers. Everything around them (GraphQL, limits, auth
// guard, logging, health, outbox relay) is the kit's SubgraphModule (see subgraph.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { subgraphStatusResolver, TemporalClient } from '@sla-desk/subgraph';
import { CommentsService } from './comments/comments.service';
import { ContractDirectory } from './contracts/contract-directory';
import { TicketPresenter } from './graphql/presenter';
import { TicketCommandsResolver } from './graphql/ticket-commands.resolver';
import { TicketsResolver } from './graphql/tickets.resolver';
import { PrismaService } from './prisma.service';
import { TicketReader } from './read-model/ticket-reader';
import { TicketBatches } from './replanning/ticket-batches';
import { TicketReplanner } from './replanning/ticket-replanner';
import { TicketRegistrations } from './tickets/registrations';
import { TicketCommands } from './tickets/ticket-commands';
import { TicketWorkflows } from './workflows/ticket-workflows';

@Module({})
export class TicketsModule {
  static forRoot(): DynamicModule {
    return {
      module: TicketsModule,
      providers: [
        PrismaService,
        TemporalClient,
        TicketWorkflows,
        ContractDirectory,
        TicketReader,
        TicketRegistrations,
        TicketCommands,
        CommentsService,
        TicketPresenter,
        TicketBatches,
        TicketReplanner,
        TicketsResolver,
        TicketCommandsResolver,
        subgraphStatusResolver('tickets'),
      ],
      exports: [PrismaService],
    };
  }
}
