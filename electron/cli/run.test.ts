import { describe, expect, it } from 'vitest';
import { badInput, BringupError } from '../../shared/errors';
import type { CliCommand } from './command';
import { runCli, type CommandEntry } from './run';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

const echo: CliCommand = {
  name: 'echo',
  summary: 'Echo the positionals',
  usage: 'bringup echo WORD [--loud]',
  options: { loud: { type: 'boolean' } },
  async run({ positionals, values, io: o }) {
    if (positionals[0] === 'bad') throw badInput('bad.json:3:7: expected a comma');
    if (positionals[0] === 'usage') throw new BringupError('usage', 'needs --out');
    if (positionals[0] === 'crash') throw new TypeError('x is undefined\n    at stack frame');
    o.out(`${values.loud ? positionals[0].toUpperCase() : positionals[0]}\n`);
    return 0;
  },
};

const entries: CommandEntry[] = [{ name: echo.name, summary: echo.summary, load: async () => echo }];

describe('command line runner', () => {
  it('prints help and lists commands', async () => {
    const t = io();
    expect(await runCli(['--help'], entries, t.io, {}, '/')).toBe(0);
    expect(t.out.join('')).toContain('echo  Echo the positionals');
    const u = io();
    expect(await runCli(['echo', '--help'], entries, u.io, {}, '/')).toBe(0);
    expect(u.out.join('')).toContain('Usage: bringup echo WORD [--loud]');
  });
  it('runs a command with its options', async () => {
    const t = io();
    expect(await runCli(['echo', 'hi', '--loud'], entries, t.io, {}, '/')).toBe(0);
    expect(t.out).toEqual(['HI\n']);
  });
  it('maps usage errors to 64, bad input to 2, anything else to 1, without a stack', async () => {
    const cases: [string[], number, RegExp][] = [
      [['nope'], 64, /unknown command 'nope'/],
      [['echo', 'x', '--shout'], 64, /Unknown option '--shout'/],
      [['echo', 'usage'], 64, /needs --out/],
      [['echo', 'bad'], 2, /^bringup echo: bad\.json:3:7: expected a comma\n$/],
      [['echo', 'crash'], 1, /^bringup echo: unexpected error: x is undefined\n$/],
    ];
    for (const [argv, code, message] of cases) {
      const t = io();
      expect(await runCli(argv, entries, t.io, {}, '/'), argv.join(' ')).toBe(code);
      expect(t.err.join(''), argv.join(' ')).toMatch(message);
      expect(t.err.join('')).not.toMatch(/\n\s+at /);
    }
  });
});
