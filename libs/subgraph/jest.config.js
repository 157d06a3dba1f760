module.exports = require('../auth/jest/project.js').nestProject(__dirname);
