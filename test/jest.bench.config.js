// The gateway-overhead benchmark runs under jest (it starts identity and the gateway as child processes).
module.exports = require('../libs/auth/jest/project.js').nestProject(__dirname, { testMatch: ['<rootDir>/bench/gateway-overhead.bench.ts'] });
