'use strict';

// A lab reporter that writes one plain line, "N passed, N failed, N skipped", from lab's own results.
// CI reads it (`.ci/run`); errors outside tests and a coverage shortfall count as failures.

const internals = {};

exports = module.exports = internals.Reporter = function (options) {

    this.settings = options;
};

internals.Reporter.prototype.start = function () { };

internals.Reporter.prototype.test = function () { };

internals.Reporter.prototype.end = function (notebook) {

    const skipped = notebook.tests.filter((test) => test.skipped || test.todo).length;
    const failedTests = notebook.tests.filter((test) => test.err && !test.skipped && !test.todo).length;
    const passed = notebook.tests.length - skipped - failedTests;
    const outside = (notebook.errors ?? []).length;
    const coverageShort = notebook.coverage && this.settings.threshold && notebook.coverage.percent < this.settings.threshold ? 1 : 0;

    const notes = [];
    if (outside) {
        notes.push(`${outside} error(s) outside tests`);
    }

    if (coverageShort) {
        notes.push(`coverage ${notebook.coverage.percent.toFixed(2)}% below ${this.settings.threshold}%`);
    }

    const summary = `${passed} passed, ${failedTests + outside + coverageShort} failed, ${skipped} skipped`;
    this.report(notes.length ? `# ${notes.join('; ')}\n${summary}\n` : `${summary}\n`);
};
