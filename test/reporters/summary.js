'use strict';

// A lab reporter that writes one plain line, "N passed, N failed, N skipped", from lab's own results.
// `npm test` lists it after the console reporter (.labrc.js), so the line closes every run and CI reads it.
// Errors outside tests and a coverage shortfall count as failures. Lab has one threshold for the whole of
// `coverage-path`; areas that must be covered further (the core: 100 %) are checked here, and a shortfall is
// added to lab's errors, which fails the run with lab's own exit code.

const Path = require('path');


const internals = {
    root: Path.join(__dirname, '..', '..'),
    // Every line of the core is tested; a line that cannot be reached from a test says why next to its ignore comment.
    areas: [{ path: 'server/core/', threshold: 100 }]
};


exports = module.exports = internals.Reporter = function (options) {

    this.settings = options;
};

internals.Reporter.prototype.start = function () { };

internals.Reporter.prototype.test = function () { };

internals.Reporter.prototype.end = function (notebook) {

    const shortfalls = notebook.coverage ? internals.areaShortfalls(notebook.coverage) : [];
    if (shortfalls.length) {
        notebook.errors = notebook.errors ?? [];
        notebook.errors.push(...shortfalls.map((text) => new Error(text)));
    }

    const skipped = notebook.tests.filter((test) => test.skipped || test.todo).length;
    const failedTests = notebook.tests.filter((test) => test.err && !test.skipped && !test.todo).length;
    const passed = notebook.tests.length - skipped - failedTests;
    const outside = (notebook.errors ?? []).length;
    const coverageShort = notebook.coverage && this.settings.threshold && notebook.coverage.percent < this.settings.threshold ? 1 : 0;

    const notes = [...shortfalls];
    if (outside > shortfalls.length) {
        notes.push(`${outside - shortfalls.length} error(s) outside tests`);
    }

    if (coverageShort) {
        notes.push(`coverage ${notebook.coverage.percent.toFixed(2)}% below ${this.settings.threshold}%`);
    }

    const summary = `${passed} passed, ${failedTests + outside + coverageShort} failed, ${skipped} skipped`;
    this.report(notes.length ? `\n# ${notes.join('; ')}\n${summary}\n` : `\n${summary}\n`);
};


/** Each area below its threshold, as a sentence naming the files that miss lines. */
internals.areaShortfalls = function (coverage) {

    const shortfalls = [];
    for (const area of internals.areas) {
        const files = coverage.files.filter((file) => Path.relative(internals.root, file.filename).startsWith(area.path));
        const sloc = files.reduce((sum, file) => sum + file.sloc, 0);
        const hits = files.reduce((sum, file) => sum + file.hits, 0);
        const percent = sloc ? hits / sloc * 100 : 100;
        if (percent < area.threshold) {
            const missing = files.filter((file) => file.hits < file.sloc).map((file) => `${Path.relative(internals.root, file.filename)} (${file.sloc - file.hits})`);
            const named = missing.length > 10 ? [...missing.slice(0, 10), `${missing.length - 10} more`] : missing;
            shortfalls.push(`coverage of ${area.path} ${percent.toFixed(2)}% below ${area.threshold}%: ${named.join(', ')}`);
        }
    }

    return shortfalls;
};
