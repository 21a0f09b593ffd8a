'use strict';

// Lets `node -r ./server/register.js file.ts` run our TypeScript without a build step:
// each .ts file is transpiled (types stripped, CommonJS emitted) as it is required.
// Type checking is `npm run typecheck`'s job, not start-up's.

const Fs = require('fs');
const Typescript = require('typescript');

const compilerOptions = {
    target: Typescript.ScriptTarget.ES2022,
    module: Typescript.ModuleKind.CommonJS,
    esModuleInterop: true,
    inlineSourceMap: true
};

require.extensions['.ts'] = function (module, filename) {

    const source = Fs.readFileSync(filename, 'utf8');
    const { outputText } = Typescript.transpileModule(source, { fileName: filename, compilerOptions });
    module._compile(outputText, filename);
};
