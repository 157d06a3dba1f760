// What browsers are told about a service: security headers (helmet) on every answer, and which origins may call it
// from a page (cors, by an allow-list). Only the gateway faces browsers; subgraphs get the headers too.
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** What the Apollo Sandbox landing page loads (development only): the hosts of @apollo/server's own page CSP. */
const SANDBOX_DIRECTIVES = {
  scriptSrc: [
    "'self'",
    "'unsafe-inline'", // its inline scripts carry a nonce that only its own <meta> CSP knows
    'https://embeddable-sandbox.cdn.apollographql.com',
    'https://embeddable-explorer.cdn.apollographql.com',
    'https://apollo-server-landing-page.cdn.apollographql.com',
  ],
  styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  imgSrc: ["'self'", 'data:', 'https://apollo-server-landing-page.cdn.apollographql.com'],
  manifestSrc: ["'self'", 'https://apollo-server-landing-page.cdn.apollographql.com'],
  frameSrc: ["'self'", 'https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'],
  connectSrc: ["'self'", 'https://*.apollographql.com'],
  upgradeInsecureRequests: null, // the development gateway is plain http
};

/** Helmet's defaults (a strict CSP, HSTS, nosniff, frame-ancestors 'self', …); with `sandbox`, a CSP that lets it load. */
export function securityHeaders(options: { sandbox: boolean }): RequestHandler {
  return helmet(options.sandbox ? { contentSecurityPolicy: { directives: SANDBOX_DIRECTIVES } } : {});
}

/** Request headers a browser client of the GraphQL endpoint sends (Apollo Client's CSRF-prevention header included). */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * CORS for exactly `origins` (e.g. `https://portal.example.com`): their preflights get 204 with the allowed method and
 * headers; any other origin gets no CORS headers at all, so its page cannot read the answers. Bearer tokens, no
 * cookies: credentials are not allowed.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_HEADERS,
    maxAge: 600,
  });
}

/** Whether `value` is a bare web origin (`scheme://host[:port]`), as GATEWAY_CORS_ORIGINS lists them. */
export function isWebOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
