// JSON body parsing for GraphQL endpoints with a size limit; a body that is too large or not JSON is answered
// in GraphQL's error shape (with a code) instead of the framework's HTML/plain error.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';

export function graphqlJsonBodyParser(options: { limit: string | number }): RequestHandler {
  const parse = express.json({ limit: options.limit });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const status = (error as { status?: number }).status ?? 400;
      const type = (error as { type?: string }).type;
      const message =
        type === 'entity.too.large'
          ? `Request body too large (limit ${String(options.limit)})`
          : type === 'entity.parse.failed'
            ? 'Request body is not valid JSON'
            : 'Invalid request body';
      res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    });
  };
}
