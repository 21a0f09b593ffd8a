'use strict';

// `npm test` runs lab with these settings (the hapi modules' habit of keeping flags here).
module.exports = {
    typescript: true,
    paths: ['test'],
    pattern: '\\.test',
    coverage: true,
    'coverage-path': 'server',
    'coverage-exclude': ['server/register.js'],
    threshold: 90,
    timeout: 20000,
    assert: '@hapi/code',
    leaks: false,
    'context-timeout': 60000
};
