// Only the command being run gets its options built (src/cli/main.ts, issue 17: start-up); every help, and a command
// line that names no command, builds them all. What an administrator sees must not depend on that.
import { describe, expect, it } from '@jest/globals';
import { invokedCommand } from '../../src/cli/main.js';
import { runCli } from '../support/cli.js';

describe('invokedCommand', () => {
  it('names the command run when no help is asked', () => {
    expect(invokedCommand(['preflight', '--snapshot', 'a.json'])).toBe('preflight');
    expect(invokedCommand(['support-bundle'])).toBe('support-bundle');
    expect(invokedCommand(['explain', 'iis.features'])).toBe('explain');
  });

  it('is undefined for help, for no command and for a word that is no command', () => {
    for (const argv of [[], ['--help'], ['-h'], ['--version'], ['help', 'preflight'], ['preflight', '--help'], ['fix', '-h'], ['fix', 'help'], ['preflght'], ['--bogus']]) {
      expect(invokedCommand(argv)).toBeUndefined();
    }
  });
});

describe('the built CLI with only the run command built', () => {
  it('every command still lists [options] in the overview, and each command help lists its own', () => {
    const overview = runCli(['--help']);
    expect(overview.code).toBe(0);
    for (const c of ['preflight', 'collect', 'install', 'uninstall', 'support-bundle', 'fix', 'checks', 'explain']) {
      expect(overview.stdout).toMatch(new RegExp(`^  ${c} \\[options\\]`, 'm'));
    }
    expect(runCli(['help', 'preflight']).stdout).toContain('--snapshot <file...>');
    expect(runCli(['fix', '--help']).stdout).toContain('--what-if');
    expect(runCli(['install', '-h']).stdout).toContain('Secrets: CLICKKER_SERVICE_ACCOUNT_PASSWORD');
  });

  it('the command run knows its options: a misspelt one is suggested, a valid one is taken', () => {
    const typo = runCli(['preflight', '--snapshto', 'x.json']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe("clickker: unknown option '--snapshto' (did you mean --snapshot?)\n");
    const list = runCli(['checks', '--format', 'json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'iis.features' })]));
  });
});
