// The Prisma client of a subgraph's database: Prisma 7 without engines, through @prisma/adapter-pg. Each service
// generates its own client (prisma/schema.prisma → src/generated/prisma) and declares its injectable in one line:
//   export class PrismaService extends prismaServiceFor(PrismaClient) {}
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { SUBGRAPH_CONFIG, type SubgraphConfig } from './config';

interface GeneratedClient {
  $disconnect(): Promise<void>;
}

type ClientClass<C extends GeneratedClient> = new (options: { adapter: PrismaPg }) => C;

export function prismaServiceFor<C extends GeneratedClient>(Client: ClientClass<C>) {
  @Injectable()
  class PrismaService extends (Client as ClientClass<GeneratedClient>) implements OnModuleDestroy {
    constructor(@Inject(SUBGRAPH_CONFIG) config: SubgraphConfig) {
      super({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: config.dbPoolSize }) });
    }

    async onModuleDestroy(): Promise<void> {
      await this.$disconnect();
    }
  }
  return PrismaService as unknown as new (config: SubgraphConfig) => C & OnModuleDestroy;
}
