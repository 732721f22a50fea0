/**
 * Jest runs TypeScript through SWC (no type checking: `npm run typecheck` does that).
 * Slow suites that start servers are `*.int.test.ts`; they run in `npm test` too, but can be selected alone
 * with `npm run test:int`.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/cds-hooks', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // ESM-only packages are transformed to CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
  testTimeout: 30000,
  maxWorkers: 2,
};
