// JSON logs (pino) with a request id on every line: taken from a well-formed `x-request-id` header (the gateway
// sets it for subgraphs) or generated, and echoed in the response. Secrets in headers are redacted.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { REQUEST_ID_HEADER } from '@sla-desk/auth';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: IncomingMessage): string {
  const header = req.headers[REQUEST_ID_HEADER];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export interface LoggingOptions {
  service: string;
  level: string;
  /** Pretty output is for humans at a terminal; default false (JSON). */
  silent?: boolean;
}

export function loggerParams(options: LoggingOptions): Params {
  return {
    pinoHttp: {
      level: options.silent ? 'silent' : options.level,
      base: { service: options.service },
      messageKey: 'msg',
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = requestIdOf(req);
        res.setHeader(REQUEST_ID_HEADER, id);
        return id;
      },
      customProps: (req: IncomingMessage) => {
        const identity = (req as { identity?: { caller?: { userId: string; organizationId: string } | null } }).identity;
        return identity?.caller ? { userId: identity.caller.userId, organizationId: identity.caller.organizationId } : {};
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-sla-identity"]',
          'req.headers["x-sla-identity-signature"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
    },
  };
}
