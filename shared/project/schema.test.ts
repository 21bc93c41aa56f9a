import { describe, expect, it } from 'vitest';
import { emptyProject, parseProjectFile, PROJECT_VERSION } from './schema';

const v1 = {
  version: 1,
  checkpoint: { source: '/models/tiny', kind: 'local', dir: '/models/tiny' },
  maxVersion: '26.5.0.dev2026062514',
  packageName: 'llama_for_causal_lm_port',
  settings: { archName: 'LlamaForCausalLMPort' },
  files: ['__init__.py', 'arch.py'],
  updatedAt: '2026-01-02T03:04:05.000Z',
  somethingElse: { kept: true },
};

describe('project.json schema', () => {
  it('migrates version 1: the registered name from the settings, empty evidence, other keys kept', () => {
    const parsed = parseProjectFile(v1);
    expect(parsed).toMatchObject({ ok: true, migratedFrom: 1 });
    if (!parsed.ok) return;
    expect(parsed.project).toMatchObject({
      version: PROJECT_VERSION, archName: 'LlamaForCausalLMPort', files: ['__init__.py', 'arch.py'], hooks: [], evidence: {}, runs: [],
      acknowledgements: [], servePath: null, createdAt: v1.updatedAt, updatedAt: v1.updatedAt, somethingElse: { kept: true },
    });
    // The migrated file is a valid current file.
    expect(parseProjectFile(JSON.parse(JSON.stringify(parsed.project)))).toMatchObject({ ok: true, migratedFrom: null });
  });

  it('a version 1 file without settings or files still opens', () => {
    const { settings: _s, files: _f, updatedAt: _u, ...bare } = v1;
    expect(parseProjectFile(bare)).toMatchObject({ ok: true, project: { archName: null, files: [], settings: {} } });
  });

  it('names the JSON path of what is wrong, in one line', () => {
    const good = emptyProject({ source: '/x' }, new Date(0));
    expect(parseProjectFile({ ...good, hooks: [{ id: 'serve', title: 'Serve', argv: 'max serve' }] })).toEqual({ ok: false, error: 'hooks[0].argv: Invalid input: expected array, received string' });
    expect(parseProjectFile({ ...good, evidence: { serve: { at: 'x', inputs: { 'a.py': 'nothex' }, ok: true, detail: '' } } })).toEqual({ ok: false, error: 'evidence.serve.inputs.a.py: not a sha256' });
    expect(parseProjectFile({ ...good, evidence: { 'not-a-step': {} } })).toMatchObject({ ok: false });
    expect(parseProjectFile([])).toEqual({ ok: false, error: 'not a JSON object' });
    expect(parseProjectFile({ ...good, version: 9 })).toEqual({ ok: false, error: `version 9 was written by a newer Bringup (this one reads up to ${PROJECT_VERSION})` });
  });

  it('hook argv stays an array of whole arguments', () => {
    const good = emptyProject({ source: '/x' }, new Date(0));
    const hook = { id: 'serve', title: 'Serve', argv: ['{maxBin}', 'serve', '--port', '{port}'], preset: 'serve' };
    expect(parseProjectFile({ ...good, hooks: [hook] })).toMatchObject({ ok: true, project: { hooks: [hook] } });
    expect(parseProjectFile({ ...good, hooks: [{ ...hook, id: 'Bad Id' }] })).toMatchObject({ ok: false, error: 'hooks[0].id: not a hook id' });
  });
});

describe('project.json fields added within version 2', () => {
  it('a file written before the serve folder was recorded still opens; a recorded one is validated', () => {
    const good = emptyProject({ source: '/x' }, new Date(0));
    expect(parseProjectFile(good)).toMatchObject({ ok: true });
    const serveFolder = { links: 'copy', weightPaths: ['/models/x/model.safetensors'], needsDownload: false, note: 'links refused', configSha256: 'a'.repeat(64) };
    expect(parseProjectFile({ ...good, serveFolder, servePath: 'checkpoint' })).toMatchObject({ ok: true, project: { serveFolder } });
    expect(parseProjectFile({ ...good, serveFolder: { ...serveFolder, links: 'hardlink' } })).toMatchObject({ ok: false, error: expect.stringMatching(/^serveFolder\.links: /) });
    expect(parseProjectFile({ ...good, lastWrite: { at: 'x', files: { 'model.py': 'merged' }, renamedFrom: 'old_pkg' } })).toMatchObject({ ok: true });
    expect(parseProjectFile({ ...good, lastWrite: { at: 'x', files: { 'model.py': 'eaten' }, renamedFrom: null } })).toMatchObject({ ok: false, error: expect.stringMatching(/^lastWrite\.files\.model\.py: /) });
  });
});
