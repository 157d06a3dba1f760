// Jest project settings for NestJS code in this CommonJS workspace: the shared preset plus a transform that turns
// ES-module-only dependencies into CommonJS (see esm-to-cjs.js). Use: require('<this file>').nestProject(__dirname).
// Type errors are reported for the project's own files and @sla-desk/auth; other workspace libraries are compiled
// but their type errors are left to their own build and lint (so one library's work in progress does not fail the
// behaviour tests of another project).
'use strict';
const path = require('node:path');
const preset = require('../../../jest.preset.js');

exports.nestProject = (rootDir, overrides = {}) => {
  const base = preset.project(rootDir);
  const tsconfig = path.join(rootDir, 'tsconfig.json');
  return {
    ...base,
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig, diagnostics: { exclude: ['**/libs/!(auth)/**'] } }],
      '^.+\\.m?js$': path.join(__dirname, 'esm-to-cjs.js'),
    },
    // Every .js file goes through the transform; it only rewrites files of "type": "module" packages.
    transformIgnorePatterns: [],
    ...overrides,
  };
};
