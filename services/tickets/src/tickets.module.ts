// The tickets subgraph's own module: its services and resolvers. Everything around them (GraphQL, limits, auth
// guard, logging, health, outbox relay) is the kit's SubgraphModule (see subgraph.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { subgraphStatusResolver, TemporalClient } from '@sla-desk/subgraph';
import { AttachmentsService } from './attachments/attachments.service';
import { CommentsService } from './comments/comments.service';
import { ContractTerms } from './contracts/contract-terms';
import { AttachmentsResolver, CommentAttachmentsResolver } from './graphql/attachments.resolver';
import { HotlineResolver } from './graphql/hotline.resolver';
import { ReportResolver } from './graphql/report.resolver';
import { HotlineCalls } from './hotline/hotline-calls';
import { SlaReports } from './report/sla-report';
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
        ContractTerms,
        AttachmentsService,
        AttachmentsResolver,
        CommentAttachmentsResolver,
        HotlineCalls,
        HotlineResolver,
        SlaReports,
        ReportResolver,
        subgraphStatusResolver('tickets'),
      ],
      exports: [PrismaService],
    };
  }
}
