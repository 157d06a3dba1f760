// The worker's tests run on the real local stack (`npm run up`); see test/worker.spec.ts.
// The schema engine's wasm bindings (deployMigrations at start) are an ES module: transformed for jest, as in
// libs/db-migrate (plain Node >= 20.19 requires them as they are).
const base = require('../../jest.preset.js').project(__dirname);

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
  testTimeout: 60_000,
};
