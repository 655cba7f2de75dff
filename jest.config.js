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
  // Jest's default is one worker on 2 cores; most of the slow files wait on child processes (pwsh, Wine, the built
  // CLI, loopback peers), not on the CPU, so three workers overlap those waits (CI's time limit).
  maxWorkers: 3,
};
