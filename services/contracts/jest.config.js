// NestJS 12 ships ES modules only: @sla-desk/auth's jest project compiles them to CommonJS for Jest on Node 20.
module.exports = require('../../libs/auth/jest/project.js').nestProject(__dirname, { testTimeout: 30000 });
