// One worker: the suites are heavy on the shared broker and database (the broker-outage test runs on a private
// broker of its own, see test/outage.spec.ts).
// The schema engine's wasm bindings (used through @sla-desk/db-migrate in test/prisma.spec.ts) are an ES module:
// transform them like libs/db-migrate does.
const base = require('../../jest.preset.js').project(__dirname, { maxWorkers: 1 });

module.exports = {
  ...base,
  transform: {
    ...base.transform,
    '@prisma/schema-engine-wasm/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', sourceMap: false }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@prisma/schema-engine-wasm/)'],
  testPathIgnorePatterns: ['/node_modules/', '/test/generated/'],
};
