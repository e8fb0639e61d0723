/**
 * The hexagon's arrows, checked by `npm run lint` (dependency-cruiser):
 * the domain imports nothing of ours or of any framework; the protocol only
 * the domain and zod; adapters import the domain and the protocol, never
 * another adapter and never an app; only apps wire. See ../shared/ARCHITECTURE.md.
 */
const TESTS = '(\\.test\\.ts$|/test/|^test-support/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Import cycles hide which module depends on which.',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: 'domain-imports-nothing',
      comment:
        'The domain runs unchanged in Node, a browser or a worker: no package of ours, no framework, no node: module.',
      severity: 'error',
      from: { path: '^packages/domain/src/', pathNot: `${TESTS}|^packages/domain/src/testing/` },
      to: { pathNot: '^packages/domain/src/' },
    },
    {
      name: 'domain-testing-imports-only-vitest',
      comment: 'The in-memory adapters and contracts are for embedders too: vitest is their one peer.',
      severity: 'error',
      from: { path: '^packages/domain/src/testing/', pathNot: TESTS },
      to: { pathNot: ['^packages/domain/src/', 'node_modules/(vitest|@vitest)/'] },
    },
    {
      name: 'protocol-imports-domain-and-zod',
      comment: 'The wire format is shared by the server and its clients: the domain and zod alone.',
      severity: 'error',
      from: { path: '^packages/protocol/src/', pathNot: TESTS },
      to: { pathNot: ['^packages/(protocol|domain)/src/', 'node_modules/zod/'] },
    },
    {
      name: 'client-imports-nothing-of-the-server',
      comment:
        'The SDK shares the server’s types through generated files, never its code or dependencies: openapi-fetch alone.',
      severity: 'error',
      from: { path: '^packages/client/src/', pathNot: TESTS },
      to: { pathNot: ['^packages/client/src/', 'node_modules/(openapi-fetch|openapi-typescript-helpers)/'] },
    },
    {
      name: 'no-adapter-imports-another',
      comment: 'Adapters meet only through domain ports; the composition root connects them.',
      severity: 'error',
      from: { path: '^packages/(adapters-[^/]+)/' },
      to: { path: '^packages/adapters-', pathNot: '^packages/$1/' },
    },
    {
      name: 'only-apps-wire',
      comment: 'Packages never import an app.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-undeclared-dependencies',
      comment: 'Every package a module imports is declared in a package.json.',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown', 'unknown', 'undetermined'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|\\.run)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tests.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@kindred/source', 'types', 'import', 'require', 'node', 'default'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['types', 'module', 'main'],
    },
  },
};
