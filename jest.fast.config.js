// npm run test:fast: the in-process suites (checks, core, report, facts and the fixture snapshots) in seconds; no
// child process, no network peer, no build. The full suite stays `npm test`.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  globalSetup: undefined,
  testMatch: ['<rootDir>/test/{checks,core,report}/**/*.test.ts', '<rootDir>/test/fixtures.test.ts', '<rootDir>/test/docs.test.ts'],
};
