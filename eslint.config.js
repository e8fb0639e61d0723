import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      'coverage/**',
      'apps/server/.run/**',
      'packages/client/src/generated/**',
      'packages/adapters-http/admin-page/kindred-client.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests read loosely typed JSON answers.
    files: ['**/*.test.ts', '**/test/**/*.ts', 'test-support/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The layer rules (CommonJS, as dependency-cruiser loads them).
    files: ['.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    // Scripts run by Node itself.
    files: [
      'scripts/**/*.mjs',
      'packages/*/scripts/**/*.mjs',
      'examples/bot/**/*.mjs',
      'examples/web/serve.mjs',
    ],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', URL: 'readonly' },
    },
  },
  {
    // The example web app runs in a browser.
    files: ['examples/web/app.js', 'packages/adapters-http/admin-page/admin.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['document', 'window', 'location', 'URL', 'URLSearchParams', 'FormData', 'alert', 'console'].map(
          (g) => [g, 'readonly'],
        ),
      ),
    },
  },
  // Which package may import which (the domain nothing, adapters never each other): .dependency-cruiser.cjs.
);
