// One worker: the broker-outage test stops the local Kafka for 30 s, which would break suites running beside it.
module.exports = require('../../jest.preset.js').project(__dirname, { maxWorkers: 1 });
