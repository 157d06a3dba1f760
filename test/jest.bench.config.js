// The benchmarks that start NestJS services run under jest: gateway-overhead (identity and the gateway as child
// processes), tickets-api (the end-to-end harness with the tickets subgraph and a worker) and notifications (the
// notifications subgraph as a child process, the SMTP sink in-process).
module.exports = require('../libs/auth/jest/project.js').nestProject(__dirname, {
  testMatch: [
    '<rootDir>/bench/gateway-overhead.bench.ts',
    '<rootDir>/bench/tickets-api.bench.ts',
    '<rootDir>/bench/notifications.bench.ts',
  ],
});
