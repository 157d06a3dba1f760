// GET /health of every subgraph: 200 when the service, its database and (when configured) Kafka answer, else 503
// with what failed. Kafka's answer is remembered for a few seconds so probes do not open a connection each time.
import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { DatabasePool } from './database';
import { KafkaClient } from './kafka';
import { SUBGRAPH_NAME } from './tokens';

type Check = 'ok' | 'unreachable' | 'disabled';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  service: string;
  database: Check;
  kafka: Check;
}

const KAFKA_CHECK_TTL_MS = 5_000;
const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

@Controller()
export class HealthController {
  private admin: Admin | null = null;
  private kafkaChecked: { at: number; result: Check } | null = null;

  constructor(
    @Inject(SUBGRAPH_NAME) private readonly service: string,
    private readonly database: DatabasePool,
    private readonly kafka: KafkaClient,
  ) {}

  @Get('health')
  async health(): Promise<HealthReport> {
    const [database, kafka] = await Promise.all([this.checkDatabase(), this.checkKafka()]);
    const ok = database === 'ok' && kafka !== 'unreachable';
    const report: HealthReport = { status: ok ? 'ok' : 'unavailable', service: this.service, database, kafka };
    if (!ok) throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  private async checkDatabase(): Promise<Check> {
    try {
      await withTimeout(this.database.pool.query('SELECT 1'));
      return 'ok';
    } catch {
      return 'unreachable';
    }
  }

  private async checkKafka(): Promise<Check> {
    const kafka = this.kafka.kafka;
    if (!kafka) return 'disabled';
    if (this.kafkaChecked && Date.now() - this.kafkaChecked.at < KAFKA_CHECK_TTL_MS) return this.kafkaChecked.result;
    let result: Check = 'ok';
    try {
      this.admin ??= kafka.admin();
      await withTimeout(this.admin.connect().then(() => this.admin!.describeCluster()));
    } catch {
      result = 'unreachable';
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = null;
    }
    this.kafkaChecked = { at: Date.now(), result };
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
