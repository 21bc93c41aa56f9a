import { describe, expect, it } from 'vitest';
import { expandArgv, PLACEHOLDER_NAMES } from './placeholders';
import { findPreset, hookFromPreset, hookKind, HOOK_PRESETS, servePreset, type PresetContext } from './presets';

const context: PresetContext = { trustRemoteCode: false, encodingKnown: true, weightPaths: [], extraFlags: [] };

describe('hook placeholders', () => {
  it('replaces whole arguments only, keeping values with spaces as one argument', () => {
    const out = expandArgv('serve', ['{maxBin}', 'serve', '--model-path', '{servePath}', '--port={port}'], { maxBin: '/opt/max bin/max', servePath: '/p/my checkpoint', port: '8000' });
    expect(out).toEqual({ ok: true, argv: ['/opt/max bin/max', 'serve', '--model-path', '/p/my checkpoint', '--port={port}'] });
  });

  it('names the hook and the argument for an unknown placeholder or one without a value', () => {
    expect(expandArgv('serve', ['{maxBin}', '{modelPath}'], { maxBin: 'max' })).toEqual({ ok: false, error: expect.stringMatching(/^hook 'serve', argument 2 \(\{modelPath\}\): unknown placeholder; known: \{maxBin\}/) });
    expect(expandArgv('serve', ['{encoding}'], { encoding: { missing: 'no encoding known' } })).toEqual({ ok: false, error: "hook 'serve', argument 1 ({encoding}): has no value: no encoding known" });
  });

  it('has the decided vocabulary', () => {
    expect(PLACEHOLDER_NAMES).toEqual(['maxBin', 'python', 'portDir', 'package', 'packageName', 'archName', 'servePath', 'checkpoint', 'port', 'encoding', 'maxLength', 'runDir']);
  });
});

describe('hook presets', () => {
  it('builds max serve from the port facts (max-facts §3-4)', () => {
    expect(servePreset.build(context).argv).toEqual(['{maxBin}', 'serve', '--custom-architectures', '{package}', '--model-path', '{servePath}', '--quantization-encoding', '{encoding}', '--port', '{port}']);
    const remote = servePreset.build({ ...context, trustRemoteCode: true, encodingKnown: false, weightPaths: ['/w/a.safetensors', '/w/b.safetensors'], extraFlags: ['--max-length', '4096'] }).argv;
    expect(remote).toEqual(['{maxBin}', 'serve', '--custom-architectures', '{package}', '--model-path', '{servePath}', '--trust-remote-code', '--weight-path', '/w/a.safetensors', '--weight-path', '/w/b.safetensors', '--port', '{port}', '--max-length', '4096']);
  });

  it('adds --no-enable-overlap-scheduler --force for the logits HTTP probe', () => {
    expect(servePreset.build(context, { logitsProbe: true }).argv.slice(-2)).toEqual(['--no-enable-overlap-scheduler', '--force']);
  });

  it('is one registry: serve, generate, warm cache, the two logits scripts; each a server or a command', () => {
    expect(HOOK_PRESETS.map((p) => [p.id, p.kind])).toEqual([['serve', 'server'], ['generate', 'command'], ['warm-cache', 'command'], ['max-logits', 'command'], ['reference-logits', 'command']]);
    // A flag whose value is unknown is left to the script's default; remote code as serve passes it.
    const maxLogits = findPreset('max-logits')!;
    expect(maxLogits.build(context).argv).toContain('{encoding}');
    expect(maxLogits.build({ ...context, encodingKnown: false }).argv).not.toContain('--encoding');
    expect(maxLogits.build({ ...context, trustRemoteCode: true }).argv.at(-1)).toBe('--trust-remote-code');
    expect(findPreset('generate')!.build(context).argv.slice(0, 2)).toEqual(['{maxBin}', 'generate']);
    const hook = hookFromPreset(servePreset, context);
    expect(hook).toMatchObject({ id: 'serve', preset: 'serve', edited: false });
    expect(hookKind({ argv: ['max', 'serve'] })).toBe('server');
    expect(hookKind({ argv: ['{python}', 'ref.py'] })).toBe('command');
  });
});
