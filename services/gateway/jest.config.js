// NestJS 12 ships ES modules only: @sla-desk/auth's jest project compiles them to CommonJS for Jest on Node 20.
// End-to-end tests start the identity subgraph in-process from its sources (one module graph with the gateway).
const path = require('node:path');
const base = require('../../libs/auth/jest/project.js').nestProject(__dirname, { testTimeout: 30000 });

module.exports = {
  ...base,
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^@sla-desk/identity$': path.join(__dirname, '../identity/src/index.ts'),
  },
};
