// GraphQL errors with stable codes, and the error formatter every SLA Desk GraphQL server uses: known codes keep
// their message; anything else becomes a generic INTERNAL_SERVER_ERROR; no stack traces or internals leave.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** Too many failed attempts; `extensions.retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A service behind the gateway cannot be reached: retry later. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function unauthenticated(message = 'Authentication required', extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, ...extra } });
}

export function forbidden(message = 'Not allowed', extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, ...extra } });
}

export function badUserInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extra } });
}

export function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) },
  });
}

export function serviceUnavailable(service: string): GraphQLError {
  return new GraphQLError(`The ${service} service is unavailable; try again later`, {
    extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
  });
}

/** Codes whose messages are written for clients (ours and Apollo Server's request-level ones). */
const PUBLIC_CODES = new Set<string>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.RATE_LIMITED,
  ErrorCode.SERVICE_UNAVAILABLE,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Whether an error carries a code whose message is meant for clients. */
export function isPublicError(error: GraphQLError): boolean {
  const code = error.extensions?.['code'];
  return typeof code === 'string' && PUBLIC_CODES.has(code);
}

/** Apollo Server's client errors that come without a code (it reports them as INTERNAL_SERVER_ERROR), and theirs. */
const UNCODED_CLIENT_ERRORS = new Map<string, string>([['provided sha does not match query', 'BAD_REQUEST']]);

function codeOf(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  if (error instanceof GraphQLError && error.extensions['code'] === undefined) {
    const code = UNCODED_CLIENT_ERRORS.get(error.message);
    if (code !== undefined) return code;
  }
  const code = formatted.extensions?.['code'];
  return typeof code === 'string' ? code : undefined;
}

/**
 * Extension keys a client may see. Everything else (stacktrace, serviceName, originalError…) is dropped. `reason`
 * refines a code with a stable, domain-specific one (e.g. BAD_USER_INPUT with reason ILLEGAL_TRANSITION).
 */
const PUBLIC_EXTENSIONS = new Set(['code', 'retryAfterSeconds', 'field', 'limit', 'reason']);

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

export interface FormatErrorOptions {
  /** Called with errors that are masked, so they are logged before the details are dropped. */
  onInternalError?: (formatted: GraphQLFormattedError, error: unknown) => void;
}

/** For Apollo Server's `formatError`. */
export function createErrorFormatter(options: FormatErrorOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = codeOf(formatted, error);
    if (code === undefined || !PUBLIC_CODES.has(code)) {
      options.onInternalError?.(formatted, error);
      return {
        message: INTERNAL_ERROR_MESSAGE,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      };
    }
    const extensions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(formatted.extensions ?? {})) {
      if (PUBLIC_EXTENSIONS.has(key)) extensions[key] = value;
    }
    extensions['code'] = code;
    return {
      message: formatted.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions,
    };
  };
}
