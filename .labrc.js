'use strict';

// `npm test` runs lab with these settings (the hapi modules' habit of keeping flags here).
module.exports = {
    typescript: true,
    paths: ['test'],
    pattern: '\\.test',
    coverage: true,
    'coverage-path': 'server',
    // Process entry points are tested by spawning them (test/core/start.test.ts), outside lab's instrumentation.
    // Without TEST_PG_URL the PostgreSQL suites are skipped, so the adapter they cover is left out of the count.
    'coverage-exclude': [
        'server/register.js', 'server/index.ts', 'server/core/main.ts', 'server/lifecycle.ts',
        ...(process.env.TEST_PG_URL ? [] : ['server/core/storage/postgres'])
    ],
    threshold: 90,
    timeout: 20000,
    assert: '@hapi/code',
    leaks: false,
    'context-timeout': 60000
};
