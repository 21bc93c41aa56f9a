import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { OpenedCheckpoint } from '../../../shared/api/types';
import { createSettingsStore } from '../settings/settingsService';
import { resolveSource } from '../source/resolveSource';
import { createProjectService } from './projectService';

const FIXTURES = resolve(__dirname, '../../../e2e/fixtures/checkpoints');
let root: string;
let ckpt: string;
let service: ReturnType<typeof createProjectService>;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bringup-projectservice-'));
  ckpt = join(root, 'tiny');
  cpSync(join(FIXTURES, 'tiny-llama3'), ckpt, { recursive: true });
  const config = JSON.parse(readFileSync(join(ckpt, 'config.json'), 'utf8'));
  writeFileSync(join(ckpt, 'config.json'), JSON.stringify({ ...config, my_training_flag: true }, null, 2));
  const opened = (dir: string): OpenedCheckpoint => ({ source: dir, label: dir, kind: 'local', dir, repoId: null, revision: null, files: [], configText: readFileSync(join(dir, 'config.json'), 'utf8'), configPath: join(dir, 'config.json') });
  service = createProjectService({
    sources: { resolve: (source: string) => resolveSource(source, { offline: true, env: {} }), token: async () => null },
    settings: createSettingsStore(join(root, 'data')),
    resourcesDir: resolve(__dirname, '../../../resources'),
    version: '0.0.0-test',
    openCheckpoint: async (source) => opened(source),
    openExample: async () => { throw new Error('no examples here'); },
    baseDir: join(root, 'home'),
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const writeIt = (dir: string) => service.write({ dir, configText: readFileSync(join(ckpt, 'config.json'), 'utf8'), checkpoint: { source: ckpt, kind: 'local', dir: ckpt }, files: ['config.json', 'model.safetensors'] });
const step = (status: { steps: Array<{ id: string; state: string }> }, id: string) => status.steps.find((s) => s.id === id)!;

describe('the project service (the app\'s port)', () => {
  test('an unknown field keeps map-fields in progress until acknowledged with a reason; only acknowledgeable findings can be', async () => {
    const dir = join(root, 'port');
    const written = await writeIt(dir);
    expect(step(written.status, 'map-fields')).toMatchObject({ state: 'in-progress' });
    const acked = await service.acknowledge({ dir, step: 'map-fields', finding: 'field:my_training_flag', reason: 'a training-loop switch: no effect on inference' });
    expect(step(acked, 'map-fields').state).toBe('done');
    // Recorded, and still there after the evidence is gathered again.
    expect(JSON.parse(readFileSync(join(dir, '.bringup/project.json'), 'utf8')).acknowledgements).toMatchObject([{ step: 'map-fields', finding: 'field:my_training_flag', reason: 'a training-loop switch: no effect on inference' }]);
    expect(step(await service.status(dir), 'map-fields').state).toBe('done');
    await expect(service.acknowledge({ dir, step: 'register', finding: 'builtin-name', reason: 'because' })).rejects.toThrow(/no finding builtin-name/);
    // A TODO naming a feature the port lacks has to be implemented, not acknowledged.
    const modelPy = join(dir, written.packageName, 'model.py');
    writeFileSync(modelPy, `${readFileSync(modelPy, 'utf8')}    # TODO(bringup) [sliding-window] the donor reads no sliding_window: implement it.\n`);
    const todo = step(await service.status(dir), 'build-layers') as unknown as { findings: Array<{ id: string; level: string }> };
    await expect(service.acknowledge({ dir, step: 'build-layers', finding: todo.findings.find((f) => f.level === 'open')!.id, reason: 'done it' })).rejects.toThrow(/cannot be acknowledged; it has to be fixed/);
    expect(step(await service.unacknowledge(dir, 'map-fields', 'field:my_training_flag'), 'map-fields').state).toBe('in-progress');
  });

  test('a port opens as it was, and is on the start page', async () => {
    const dir = join(root, 'port');
    await writeIt(dir);
    const view = await service.open(dir);
    expect(view).toMatchObject({ dir, checkpointError: null, configText: readFileSync(join(ckpt, 'config.json'), 'utf8') });
    expect(view.files.map((f) => [f.path, f.state, f.lastWrite])).toContainEqual(['model.py', 'unchanged', 'new']);
    expect(await service.recent()).toMatchObject([{ dir, archName: 'LlamaForCausalLMPort', error: null }]);
    rmSync(join(dir, '.bringup'), { recursive: true });
    expect((await service.recent())[0].error).toMatch(/no longer a port/);
    expect(await service.forgetRecent(dir)).toEqual([]);
  });

  test('a typed folder: relative to the home folder, a file refused, a port of another checkpoint named', async () => {
    mkdirSync(join(root, 'home'));
    expect(await service.describeFolder('ports/x')).toMatchObject({ dir: join(root, 'home', 'ports', 'x'), base: join(root, 'home'), exists: false, isPort: false, problem: null });
    writeFileSync(join(root, 'home', 'afile'), '');
    expect((await service.describeFolder('afile')).problem).toMatch(/is a file, not a folder/);
    const dir = join(root, 'port');
    await writeIt(dir);
    expect(await service.describeFolder(dir)).toMatchObject({ isPort: true, portOf: ckpt, packageName: 'llama_for_causal_lm_port' });
    const other = join(root, 'other');
    cpSync(ckpt, other, { recursive: true });
    await expect(service.write({ dir, configText: '{}', checkpoint: { source: other, kind: 'local', dir: other } })).rejects.toThrow(/is the port of .*tiny, not of .*other: choose another folder/);
    await expect(service.write({ dir: 'relative/dir', configText: '{}', checkpoint: { source: ckpt } })).rejects.toThrow(/give an absolute folder path/);
  });

  test('writing with a broken config.json says why, naming line and column, and writes nothing', async () => {
    const dir = join(root, 'port');
    await expect(service.write({ dir, configText: '{\n  "hidden_size": 32,\n}', checkpoint: { source: ckpt, kind: 'local', dir: ckpt } })).rejects.toThrow(/config\.json \(as edited\):3:1/);
    expect(() => readFileSync(join(dir, '.bringup/project.json'))).toThrow();
  });
});
