// The worker's tests run on the real local stack (`npm run up`); see test/worker.spec.ts. @sla-desk/auth's jest
// project compiles ES-module-only dependencies to CommonJS for Jest on Node 20: jose (the signed service calls to
// contracts and catalog) and the schema engine's wasm bindings (deployMigrations at start).
module.exports = require('../../libs/auth/jest/project.js').nestProject(__dirname, { testTimeout: 60_000 });
