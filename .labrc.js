'use strict';

// `npm test` runs lab with these settings (the hapi modules' habit of keeping flags here).
module.exports = {
    typescript: true,
    paths: ['test'],
    pattern: '\\.test',
    coverage: true,
    'coverage-path': 'server',
    // Paths relative to coverage-path. Process entry points are tested by spawning them (test/core/start.test.ts,
    // test/cli), outside lab's instrumentation. Without TEST_PG_URL the PostgreSQL suites are skipped, so the
    // adapter they cover is left out of the count.
    'coverage-exclude': [
        'register.js', 'index.ts', 'core/main.ts', 'core/thread-entry.ts', 'lifecycle.ts',
        ...(process.env.TEST_PG_URL ? [] : ['core/storage/postgres'])
    ],
    // The whole of server/: 95 %; server/core: 100 %, checked by the summary reporter (test/reporters/summary.js).
    threshold: 95,
    // ESLint with eslint.config.js (hapi's rules on TypeScript); lab fails the run on any lint error or warning.
    lint: true,
    'lint-errors-threshold': 0,
    'lint-warnings-threshold': 0,
    // The console's report, then one plain "N passed, N failed, N skipped" line that CI reads.
    reporter: ['console', './test/reporters/summary.js'],
    output: ['stdout', 'stdout'],
    timeout: 20000,
    assert: '@hapi/code',
    leaks: false,
    'context-timeout': 60000
};
