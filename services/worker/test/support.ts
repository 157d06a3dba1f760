// Helpers of the worker's integration tests on the REAL local stack (`npm run up`): the workflows bundled from source,
// a quiet Temporal runtime, a Kafka topic collector that decodes the protobuf envelopes, polling.
import path from 'node:path';
import { decodeEvent, type DecodedEvent } from '@sla-desk/events';
import { SHARED_WORKFLOW_MODULES } from '@sla-desk/workflow-api';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Consumer, Kafka } from 'kafkajs';

const ROOT = path.resolve(__dirname, '../../..');

/** Temporal logs at ERROR only (the Runtime is per process: the first install wins). */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      shutdownSignals: [],
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // already installed in this jest worker
  }
}

/** workflows/src bundled with the libraries resolved to their sources, as jest resolves them. */
export function bundleWorkflowsFromSource(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: path.join(ROOT, 'workflows/src/index.ts'),
    logger: new DefaultLogger('WARN'),
    preloadModules: [...SHARED_WORKFLOW_MODULES],
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string>),
        '@sla-desk/sla': path.join(ROOT, 'libs/sla/src/index.ts'),
        '@sla-desk/workflow-api': path.join(ROOT, 'libs/workflow-api/src/index.ts'),
        '@sla-desk/roles': path.join(ROOT, 'libs/roles/src/index.ts'),
      };
      return config;
    },
  });
}

/** Polls `probe` until it returns a value (not undefined / false), or fails naming `what` after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface CollectedRecord {
  key: string | null;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  event: DecodedEvent;
}

/** Reads a topic from the beginning with its own consumer group and keeps every record, decoded. */
export class TopicCollector {
  readonly records: CollectedRecord[] = [];
  readonly undecodable: string[] = [];
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    groupId: string,
  ) {
    this.consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ partition, message }) => {
        const decoded = decodeEvent(message.value);
        if (!decoded.ok) {
          this.undecodable.push(`${decoded.reason}: ${decoded.detail}`);
          return;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(Array.isArray(v) ? v[0] : v);
        this.records.push({ key: message.key?.toString() ?? null, partition, offset: message.offset, headers, event: decoded.event });
      },
    });
  }

  of(aggregateId: string): CollectedRecord[] {
    return this.records.filter((r) => r.key === aggregateId);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
