// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS jest config
const base = require('../jest.preset.js').project(__dirname);

// The tests run the workflows on a real worker with the activity factory of @sla-desk/ticket-activities.
module.exports = {
  ...base,
  // Each test file starts its own time-skipping server (own port); files run in parallel workers.
  testTimeout: 60_000,
  // A fresh worker process per test file: the Temporal native runtime is process-wide, and a file that times out must
  // not leave gRPC retries or a stalled runtime behind for the next file in the same process.
  workerIdleMemoryLimit: '1MB',
};
