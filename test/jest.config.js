// Smoke and end-to-end tests against the real local stack (`npm run up`); each test fails loudly when its piece is
// missing. The end-to-end suites start the subgraphs and the gateway in-process (NestJS: ES modules compiled for
// Jest by @sla-desk/auth's project). Real servers: generous per-test timeout, but well below anything that would
// look like a hang.
module.exports = require('../libs/auth/jest/project.js').nestProject(__dirname, { testTimeout: 60_000 });
