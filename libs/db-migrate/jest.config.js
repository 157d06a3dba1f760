// The schema engine's wasm bindings are an ES module; jest (CommonJS here) needs them transformed.
// Plain Node (>= 20.19) loads them with require() as they are.
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
  testTimeout: 30000,
};
