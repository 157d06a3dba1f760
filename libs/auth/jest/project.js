// Jest project settings for NestJS code in this CommonJS workspace: the shared preset plus a transform that turns
// ES-module-only dependencies into CommonJS (see esm-to-cjs.js). Use: require('<this file>').nestProject(__dirname).
'use strict';
const path = require('node:path');
const preset = require('../../../jest.preset.js');

exports.nestProject = (rootDir, overrides = {}) => {
  const base = preset.project(rootDir);
  return {
    ...base,
    transform: {
      ...base.transform,
      '^.+\\.m?js$': path.join(__dirname, 'esm-to-cjs.js'),
    },
    // Every .js file goes through the transform; it only rewrites files of "type": "module" packages.
    transformIgnorePatterns: [],
    ...overrides,
  };
};
