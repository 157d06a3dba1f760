// The notifications subgraph's own module: its services and resolvers. Everything around them (GraphQL, limits, auth
// guard, logging, health, outbox relay) is the kit's SubgraphModule (see subgraph.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { subgraphStatusResolver } from '@sla-desk/subgraph';
import { NotificationsResolver } from './graphql/notifications.resolver';
import { InboundMail } from './inbound/inbound-mail';
import { SmtpListener } from './inbound/smtp-listener';
import { TicketsClient } from './inbound/tickets-client';
import { Mailer } from './mail/mailer';
import { NoticeConsumer } from './notices/notice-consumer';
import { NoticeWriter } from './notices/notice-writer';
import { NotificationsDb } from './db-pool';
import { PrismaService } from './prisma.service';

@Module({})
export class NotificationsModule {
  static forRoot(): DynamicModule {
    return {
      module: NotificationsModule,
      providers: [
        PrismaService,
        NotificationsDb,
        NoticeWriter,
        Mailer,
        NoticeConsumer,
        TicketsClient,
        InboundMail,
        SmtpListener,
        NotificationsResolver,
        subgraphStatusResolver('notifications'),
      ],
      exports: [PrismaService, Mailer, SmtpListener, InboundMail],
    };
  }
}
