'use strict';

// `npm test` runs lab with these settings (the hapi modules' habit of keeping flags here).
module.exports = {
    typescript: true,
    paths: ['test'],
    pattern: '\\.test',
    coverage: true,
    'coverage-path': 'server',
    // Process entry points are tested by spawning them (test/core/start.test.ts), outside lab's instrumentation.
    'coverage-exclude': ['server/register.js', 'server/index.ts', 'server/core/main.ts', 'server/lifecycle.ts'],
    threshold: 90,
    timeout: 20000,
    assert: '@hapi/code',
    leaks: false,
    'context-timeout': 60000
};
