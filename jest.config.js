import { createDefaultEsmPreset } from 'ts-jest';

/** @type {import('jest').Config} */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // CLI tests spawn dist/bundle: rebuild it when a source is newer, so one test run never judges stale code.
  globalSetup: '<rootDir>/test/support/rebuild-bundle.mjs',
  // CLI tests spawn the built CLI; give them room on a 2-core machine.
  testTimeout: 30000,
};
