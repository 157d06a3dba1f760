// Global exception filter for GraphQL resolvers (register as APP_FILTER): hands errors to Apollo unchanged (its
// formatError masks what is not public) instead of letting Nest log every expected client error with a stack trace.
// Unexpected errors are logged once, here.
import { Catch, Logger, type ArgumentsHost } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { isPublicError } from '@sla-desk/auth';

@Catch()
export class GraphQLErrorFilter implements GqlExceptionFilter {
  private readonly logger = new Logger('GraphQL');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'graphql') throw exception;
    if (!(exception instanceof GraphQLError && isPublicError(exception))) {
      this.logger.error({
        msg: 'Unexpected error in a resolver',
        err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : String(exception),
      });
    }
    return exception;
  }
}
