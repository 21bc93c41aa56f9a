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
  options: { loud: { type: 'boolean', description: 'shout the word' } },
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
      [['echo', 'x', '--shout'], 64, /^bringup echo: unknown option --shout \(run bringup echo --help\)\nUsage: /],
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
  it('prints every flag with its description, and the arguments', async () => {
    const t = io();
    expect(await runCli(['echo', '--help'], entries, t.io, {}, '/')).toBe(0);
    const help = t.out.join('');
    expect(help).toMatch(/--loud\s+shout the word/);
    expect(help).toMatch(/-h, --help\s+show this help/);
  });
  it('says which value is missing, in one line', async () => {
    const withValue: CliCommand = { ...echo, name: 'val', options: { out: { type: 'string', value: 'DIR', description: 'where' } } };
    const t = io();
    expect(await runCli(['val', '--out'], [withValue], t.io, {}, '/')).toBe(64);
    expect(t.err.join('')).toMatch(/^bringup val: --out needs a value\nUsage: /);
    const h = io();
    await runCli(['val', '--help'], [withValue], h.io, {}, '/');
    expect(h.out.join('')).toMatch(/--out DIR\s+where/);
  });
  it('with --json, a failure is also one JSON object on stdout', async () => {
    const json: CliCommand = { ...echo, name: 'j', options: { json: { type: 'boolean', description: 'json' } } };
    const t = io();
    expect(await runCli(['j', 'bad', '--json'], [json], t.io, {}, '/')).toBe(2);
    expect(JSON.parse(t.out.join(''))).toEqual({ error: { code: 'bad-input', exitCode: 2, message: 'bad.json:3:7: expected a comma' } });
    const c = io();
    expect(await runCli(['j', 'crash', '--json'], [json], c.io, {}, '/')).toBe(1);
    expect(JSON.parse(c.out.join('')).error.exitCode).toBe(1);
  });
  it("passes what follows '--' through only where the command takes it", async () => {
    let seen: string[] | undefined;
    const pass: CliCommand = { ...echo, name: 'p', passthrough: true, run: async (ctx) => ((seen = ctx.passthrough), 0) };
    expect(await runCli(['p', 'dir', '--', '--max-length', '512', '--help'], [pass], io().io, {}, '/')).toBe(0);
    expect(seen).toEqual(['--max-length', '512', '--help']);
    const t = io();
    expect(await runCli(['echo', 'x', '--', '--y'], entries, t.io, {}, '/')).toBe(64);
    expect(t.err.join('')).toMatch(/'--' is not taken here/);
  });
  it('gives a signal only to a command that ends what it started', async () => {
    const controller = new AbortController();
    let got: AbortSignal | undefined;
    const owner: CliCommand = { ...echo, name: 'o', handlesSignals: true, run: async (ctx) => ((got = ctx.signal), 0) };
    await runCli(['o'], [owner], io().io, {}, '/', { signalFor: () => controller.signal });
    expect(got).toBe(controller.signal);
    let none: AbortSignal | undefined = controller.signal;
    const plain: CliCommand = { ...echo, name: 'n', run: async (ctx) => ((none = ctx.signal), 0) };
    await runCli(['n'], [plain], io().io, {}, '/', { signalFor: () => controller.signal });
    expect(none).toBeUndefined();
  });
});
