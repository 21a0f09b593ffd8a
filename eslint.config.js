'use strict';

// Lint for `npm test` (lab -L) and `npm run lint`: hapi's style rules on our TypeScript, parsed by typescript-eslint.

const HapiPlugin = require('@hapi/eslint-plugin');
const Globals = require('globals');
const TypeScriptEslint = require('typescript-eslint');


// Node's globals, which hapi's recommended config declares everywhere, switched off for browser scripts.
const notInBrowser = Object.fromEntries(Object.keys(Globals.node).filter((name) => !(name in Globals.browser)).map((name) => [name, 'off']));


module.exports = [
    // Installed, generated and run-time output folders: not ours to lint.
    { ignores: ['node_modules/**', 'coverage/**', 'data/**', 'screenshots/**', 'public/vendor/**'] },
    // `module` is `recommended` plus the Babel parser for .js files, the parser lab's coverage reads our config for.
    ...HapiPlugin.configs.module,
    {
        files: ['**/*.js'],
        // Node 20 runs these (server/register.js uses `??=`); hapi's config stops at ES2020.
        languageOptions: { ecmaVersion: 2022 },
        rules: {
            // A CommonJS file's top level is its module's scope, so `const Crypto = require('crypto')` does not
            // redeclare Node's global `Crypto` (the Babel parser reports the top level as global scope).
            'no-redeclare': ['warn', { builtinGlobals: false }]
        }
    },
    {
        files: ['**/*.ts'],
        languageOptions: {
            parser: TypeScriptEslint.parser,
            ecmaVersion: 2022,
            sourceType: 'module'
        },
        plugins: { '@typescript-eslint': TypeScriptEslint.plugin },
        rules: {
            // The base rules do not understand types, overloads and `import type`; typescript-eslint's versions do.
            'no-unused-vars': 'off',
            '@typescript-eslint/no-unused-vars': ['warn', { args: 'none', ignoreRestSiblings: true }],
            'no-redeclare': 'off',
            'no-undef': 'off',
            'no-dupe-class-members': 'off',
            // An async method without await is how a synchronous adapter (SQLite) meets an async interface.
            'require-await': 'off',
            // The base rule reads `call<Type> (x)` generics as a space before the call's parenthesis.
            'no-spaced-func': 'off',
            'func-call-spacing': 'off'
        }
    },
    {
        // Page scripts: classic browser scripts, each wrapped in a function so their names stay off the shared global scope.
        files: ['public/js/**/*.js'],
        languageOptions: {
            sourceType: 'script',
            globals: {
                ...notInBrowser,
                ...Globals.browser,
                // Defined by the supertokens-web-js bundles loaded before the page scripts.
                supertokens: 'readonly',
                supertokensSession: 'readonly',
                supertokensEmailPassword: 'readonly',
                supertokensThirdParty: 'readonly',
                supertokensEmailVerification: 'readonly'
            }
        },
        rules: {
            // 'use strict' belongs inside each script's wrapping function (hapi's 'global' form is for Node modules).
            strict: ['error', 'function']
        }
    }
];
