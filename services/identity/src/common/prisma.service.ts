// The Prisma client of the identity database: Prisma 7 without engines, through @prisma/adapter-pg.
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { IDENTITY_CONFIG, type IdentityConfig } from '../config';
import { PrismaClient } from '../generated/prisma/client';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(@Inject(IDENTITY_CONFIG) config: IdentityConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.databaseUrl, max: config.dbPoolSize }) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

/** A Prisma transaction client (what `$transaction(async (tx) => …)` hands over). */
export type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];
