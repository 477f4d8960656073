// ESLint: only rules that need no type information (typescript-eslint's `recommended`), so that a
// run stays fast. Import cycles are dpdm's job (`npm run lint:cycles`: it counts type-only and
// lazy imports too), formatting is Prettier's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Build output, generated files and test inputs.
    ignores: ['dist/', 'coverage/', 'drizzle/', 'test/fixtures/', 'src/sql/builtin-functions.ts'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A body on the line of its `if` needs no braces; one that Prettier breaks over lines does.
      curly: ['error', 'multi-line'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // A hand-written module over 300 lines is doing more than one job (tests and benches too).
    files: ['src/**/*.ts', 'src/**/*.cts', 'test/**/*.ts', 'bench/**/*.mjs', 'bin/**/*.js', 'scripts/**/*.mjs'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
);
