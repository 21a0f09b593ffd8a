'use strict';

// Lets `node -r ./server/register.js file.ts` run our TypeScript without a build step: each .ts file is
// transpiled (types stripped, CommonJS emitted) as it is required. Type checking is `npm run typecheck`'s job.
//
// Output is cached on disk by a hash of the source, so a start with unchanged files does not even load the
// TypeScript compiler: the core answers its first request within about half a second.

const Crypto = require('crypto');
const Fs = require('fs');
const Os = require('os');
const Path = require('path');

const cacheDir = Path.join(__dirname, '..', 'node_modules', '.cache', 'staffgate-ts');
const compilerVersion = require('typescript/package.json').version;

let typescript;
const transpile = (source, filename) => {

    typescript ??= require('typescript');
    const compilerOptions = {
        target: typescript.ScriptTarget.ES2022,
        module: typescript.ModuleKind.CommonJS,
        esModuleInterop: true,
        inlineSourceMap: true
    };

    return typescript.transpileModule(source, { fileName: filename, compilerOptions }).outputText;
};

const cached = (source, filename) => {

    const key = Crypto.createHash('sha256').update(`${compilerVersion}\0${filename}\0${source}`).digest('hex');
    const file = Path.join(cacheDir, `${key}.js`);
    try {
        return Fs.readFileSync(file, 'utf8');
    }
    catch { }

    const output = transpile(source, filename);
    try {
        // Write then rename: a process reading the cache never sees half a file.
        Fs.mkdirSync(cacheDir, { recursive: true });
        const temporary = Path.join(cacheDir, `${key}.${process.pid}.${Os.hostname()}.tmp`);
        Fs.writeFileSync(temporary, output);
        Fs.renameSync(temporary, file);
    }
    catch { }               // a read-only tree still runs, just without the cache

    return output;
};

require.extensions['.ts'] = function (module, filename) {

    module._compile(cached(Fs.readFileSync(filename, 'utf8'), filename), filename);
};


// `node server/register.js --warm` (run by `npm install` as the prepare script): fill the cache for every server
// file, so that even the first start after an install is fast.
if (require.main === module && process.argv.includes('--warm')) {
    const walk = (dir) => {

        return Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {

            const path = Path.join(dir, entry.name);
            return entry.isDirectory() ? walk(path) : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
        });
    };

    for (const file of walk(__dirname)) {
        cached(Fs.readFileSync(file, 'utf8'), file);
    }
}
