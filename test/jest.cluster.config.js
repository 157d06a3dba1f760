// The cluster profile's fault test (`npm run test:cluster`): not part of `npm test` (it kills and restarts processes
// of the cluster profile and runs for minutes). See deploy/local/README.md, "The cluster profile".
module.exports = require('../libs/auth/jest/project.js').nestProject(__dirname, {
  testMatch: ['<rootDir>/cluster/**/*.spec.ts'],
  testTimeout: 30 * 60_000,
});
