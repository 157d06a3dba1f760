// One small pg pool per subgraph for the plumbing around the service's own Prisma client: the health check and the
// outbox relay (which needs advisory locks and a LISTEN-free polling loop on a plain connection).
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { errorFields } from '@sla-desk/runtime';
import { Pool } from 'pg';
import { SUBGRAPH_CONFIG, type SubgraphConfig } from './config';

@Injectable()
export class DatabasePool implements OnApplicationShutdown {
  private readonly logger = new Logger('DatabasePool');
  readonly pool: Pool;

  constructor(@Inject(SUBGRAPH_CONFIG) config: SubgraphConfig) {
    this.pool = new Pool({ connectionString: config.databaseUrl, max: 4, connectionTimeoutMillis: 5000 });
    this.pool.on('error', (error) => this.logger.warn({ msg: 'Idle database connection failed', ...errorFields(error) }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
