// `npm run bench`: the benchmarks under bench/, with the test configuration (real PostgreSQL, in-process apps).
const base = require('./jest.config.js');

module.exports = { ...base, testMatch: ['<rootDir>/bench/**/*.bench.ts'], testTimeout: 600000 };
