'use strict';

// Lint for `npm test` (lab -L) and `npm run lint`: hapi's style rules on our TypeScript, parsed by typescript-eslint.

const HapiPlugin = require('@hapi/eslint-plugin');
const TypeScriptEslint = require('typescript-eslint');


module.exports = [
    { ignores: ['node_modules/**', 'coverage/**', 'data/**', 'screenshots/**', 'public/vendor/**'] },
    ...HapiPlugin.configs.recommended,
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
            'require-await': 'off'
        }
    },
    {
        files: ['public/js/**/*.js'],
        languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', supertokens: 'readonly' } }
    }
];
