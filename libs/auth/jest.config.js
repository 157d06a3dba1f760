module.exports = require('./jest/project.js').nestProject(__dirname);
