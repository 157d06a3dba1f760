// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS jest config
module.exports = require('../../jest.preset.js').project(__dirname);
