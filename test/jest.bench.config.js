// The benchmarks that start NestJS services run under jest: gateway-overhead (identity and the gateway as child
// processes) and tickets-api (the end-to-end harness with the tickets subgraph and a worker).
module.exports = require('../libs/auth/jest/project.js').nestProject(__dirname, {
  testMatch: ['<rootDir>/bench/gateway-overhead.bench.ts', '<rootDir>/bench/tickets-api.bench.ts'],
});
