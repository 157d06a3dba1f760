// Smoke and end-to-end tests against the real local stack (`npm run up`); each test fails loudly when its piece is
// missing. Real servers: generous per-test timeout, but well below anything that would look like a hang.
module.exports = require('../jest.preset.js').project(__dirname, { testTimeout: 60_000 });
