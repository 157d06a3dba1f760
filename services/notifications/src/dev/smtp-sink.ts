// A real SMTP sink for development and tests: an smtp-server that accepts every message, keeps it (in memory and, with
// `dir`, as <n>.eml files plus index.jsonl) and answers over HTTP:
//   GET    /messages[?to=addr]   [{ id, envelopeFrom, envelopeTo, from, to, subject, messageId, inReplyTo, references,
//                                  headers (x-sla-desk-mail, auto-submitted), text, size, receivedAt }]
//   GET    /messages/<id>.eml    the raw message
//   DELETE /messages             forget everything
// Recipients whose local part starts with `reject-` are refused (550), to show failed deliveries.
// deploy/local runs it as the component `smtp-sink` (components/smtp-sink.sh); tests start it in-process.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  id: number;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
  headers: Record<string, string>;
  text: string;
  attachments: Array<{ filename: string; size: number }>;
  size: number;
  receivedAt: string;
}

export interface SmtpSink {
  smtpPort: number;
  httpPort: number;
  messages(to?: string): SinkMessage[];
  /** Resolves once `predicate` holds for the stored messages (polls every 20 ms), or rejects after timeoutMs. */
  waitFor(predicate: (messages: SinkMessage[]) => boolean, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Called for every message stored (benchmarks measure arrival with it). */
  onMessage?: (message: SinkMessage) => void;
  clear(): void;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  host?: string;
  smtpPort?: number;
  httpPort?: number;
  /** Where to keep the messages on disk (none: memory only). */
  dir?: string;
  /** Largest message accepted (SMTP SIZE). Default 50 MiB. */
  maxBytes?: number;
  /** Recipients refused with 550 (to show failed deliveries). Default: local parts starting with `reject-`. */
  rejects?: (address: string) => boolean;
}

const KEPT_HEADERS = ['x-sla-desk-mail', 'auto-submitted', 'reply-to'];

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const stored: SinkMessage[] = [];
  const raws = new Map<number, Buffer>();
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  let next = 1;
  const sink: SmtpSink = {
    smtpPort: 0,
    httpPort: 0,
    messages: (to) => (to ? stored.filter((m) => m.envelopeTo.includes(to.toLowerCase())) : [...stored]),
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (predicate(stored)) return [...stored];
        if (Date.now() > deadline) throw new Error(`smtp-sink: condition not met in ${timeoutMs} ms (${stored.length} messages)`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    clear() {
      stored.length = 0;
      raws.clear();
    },
    close: async () => undefined,
  };

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxBytes ?? 50 * 1024 * 1024,
    logger: false,
    onRcptTo(address, _session, callback) {
      const rejects = options.rejects ?? ((a: string) => a.toLowerCase().startsWith('reject-'));
      if (rejects(address.address)) return callback(Object.assign(new Error(`${address.address}: no such mailbox`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.once('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            const headers: Record<string, string> = {};
            for (const h of KEPT_HEADERS) if (mail.headers.has(h)) headers[h] = String(mail.headers.get(h));
            const message: SinkMessage = {
              id: next++,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              from: addresses(mail.from)[0] ?? '',
              to: addresses(mail.to),
              subject: mail.subject ?? '',
              messageId: mail.messageId ?? '',
              inReplyTo: mail.inReplyTo ?? '',
              references: Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [],
              headers,
              text: mail.text ?? '',
              attachments: mail.attachments.map((a) => ({ filename: a.filename ?? '', size: a.size })),
              size: raw.length,
              receivedAt: new Date().toISOString(),
            };
            stored.push(message);
            raws.set(message.id, raw);
            if (options.dir) {
              writeFileSync(join(options.dir, `${message.id}.eml`), raw);
              appendFileSync(join(options.dir, 'index.jsonl'), `${JSON.stringify({ ...message, text: undefined })}\n`);
            }
            sink.onMessage?.(message);
            callback(null, `stored as ${message.id}`);
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(options.smtpPort ?? 0, host, resolve));
  sink.smtpPort = (smtp.server.address() as AddressInfo).port;

  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sink');
    const raw = /^\/messages\/(\d+)\.eml$/.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === '/messages') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(sink.messages(url.searchParams.get('to') ?? undefined)));
    } else if (req.method === 'GET' && raw && raws.has(Number(raw[1]))) {
      res.writeHead(200, { 'content-type': 'message/rfc822' }).end(raws.get(Number(raw[1])));
    } else if (req.method === 'DELETE' && url.pathname === '/messages') {
      sink.clear();
      res.writeHead(204).end();
    } else if (req.method === 'GET' && url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', messages: stored.length }));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve) => http.listen(options.httpPort ?? 0, host, resolve));
  sink.httpPort = (http.address() as AddressInfo).port;

  sink.close = async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return sink;
}

/** `node dist/dev/smtp-sink.js --dir <path> --smtp-port 1025 --http-port 1080 [--host 127.0.0.1]` */
if (require.main === module) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  startSmtpSink({
    host: arg('host') ?? '127.0.0.1',
    smtpPort: Number(arg('smtp-port') ?? 1025),
    httpPort: Number(arg('http-port') ?? 1080),
    ...(arg('dir') ? { dir: arg('dir')! } : {}),
  }).then(
    (sink) => {
      process.stdout.write(`${JSON.stringify({ msg: 'smtp-sink listening', smtpPort: sink.smtpPort, httpPort: sink.httpPort })}\n`);
      const stop = (): void => void sink.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: Error) => {
      process.stderr.write(`smtp-sink: ${error.message}\n`);
      process.exit(1);
    },
  );
}
