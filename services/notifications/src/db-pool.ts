// The service's node-postgres pool (NOTIFICATIONS_DB_POOL_SIZE) for its hot paths: the event consumer's
// transactions and the mailer's leases. Prisma (PrismaService) serves GraphQL and the inbound channel; its query
// compiler costs CPU per statement, which these paths, run once per event or email, cannot afford.
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { errorFields } from '@sla-desk/runtime';
import { SUBGRAPH_CONFIG } from '@sla-desk/subgraph';
import { Pool } from 'pg';
import type { NotificationsConfig } from './config';

@Injectable()
export class NotificationsDb implements OnApplicationShutdown {
  private readonly logger = new Logger('NotificationsDb');
  readonly pool: Pool;

  constructor(@Inject(SUBGRAPH_CONFIG) config: NotificationsConfig) {
    this.pool = new Pool({ connectionString: config.databaseUrl, max: config.dbPoolSize, connectionTimeoutMillis: 5000 });
    this.pool.on('error', (error) => this.logger.warn({ msg: 'Idle database connection failed', ...errorFields(error) }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
