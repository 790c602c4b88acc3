/** Two projects: `unit` (pure, no I/O, `*.test.ts`) and `integration` (`*.int.test.ts`, real Kafka + MongoDB-wire). */
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] };
const roots = ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/scripts', '<rootDir>/tests'];
module.exports = {
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      roots,
      transform,
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$'],
    },
    {
      displayName: 'integration',
      roots,
      transform,
      testMatch: ['**/*.int.test.ts'],
      globalSetup: '<rootDir>/tests/setup/global-setup.ts',
    },
  ],
};
