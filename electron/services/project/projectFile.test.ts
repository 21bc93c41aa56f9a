import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyProject } from '../../../shared/project/schema';
import { hashInputs, readProjectFile, recordEvidence, recordRun, requireProjectFile, sha256Text, updateProjectFile } from './projectFile';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bringup-projectfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const create = () => updateProjectFile(dir, () => emptyProject({ source: '/models/tiny' }, new Date('2026-01-01T00:00:00Z')));
const run = (id: string) => ({ id, hook: 'serve', argv: ['max', 'serve'], startedAt: '2026-01-01T00:00:00Z', endedAt: null, exitCode: null, log: `.bringup/runs/${id}.log` });

describe('the project file on disk', () => {
  it('a folder without one is not a port: null, or one line saying how to make one', async () => {
    expect(await readProjectFile(dir)).toBeNull();
    await expect(requireProjectFile(dir)).rejects.toThrow(/not a Bringup port \(no \.bringup\/project\.json; make one with `bringup generate SOURCE --out /);
  });

  it('invalid JSON and invalid content name the file and the place', async () => {
    mkdirSync(join(dir, '.bringup'));
    writeFileSync(join(dir, '.bringup/project.json'), '{"version": 2,');
    await expect(readProjectFile(dir)).rejects.toThrow(/project\.json: not valid JSON/);
    writeFileSync(join(dir, '.bringup/project.json'), JSON.stringify({ ...emptyProject({ source: 'x' }, new Date()), runs: {} }));
    await expect(readProjectFile(dir)).rejects.toThrow(/project\.json: not a valid project file: runs: Invalid input: expected array/);
  });

  it('concurrent updates in one process are serialised: none is lost', async () => {
    await create();
    await Promise.all(Array.from({ length: 40 }, (_, i) => recordRun(dir, run(`r${i}`))));
    const project = await requireProjectFile(dir);
    expect(project.runs.map((r) => r.id).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}`).sort());
    expect(readdirSync(join(dir, '.bringup')).sort()).toEqual(['project.json']);
  });

  it('a run with the same id is updated in place; the history is bounded', async () => {
    await create();
    await recordRun(dir, run('a'));
    await recordRun(dir, { ...run('a'), exitCode: 0, endedAt: '2026-01-01T00:01:00Z' });
    expect((await requireProjectFile(dir)).runs).toEqual([{ ...run('a'), exitCode: 0, endedAt: '2026-01-01T00:01:00Z' }]);
    for (let i = 0; i < 105; i++) await recordRun(dir, run(`n${i}`));
    const runs = (await requireProjectFile(dir)).runs;
    expect(runs).toHaveLength(100);
    expect(runs.at(-1)!.id).toBe('n104');
  });

  it('a lock left by a killed writer is taken over', async () => {
    await create();
    // The pid of a process that has exited (and been reaped) is free.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(dir, '.bringup/project.lock'), `${dead}\n`);
    await recordEvidence(dir, 'map-fields', { at: '2026-01-01T00:00:00Z', inputs: {}, ok: true, detail: 'ok' });
    expect((await requireProjectFile(dir)).evidence['map-fields']).toMatchObject({ ok: true });
  });

  it('inputs are hashed relative to the port when inside it, absolute when not; missing files are left out', async () => {
    writeFileSync(join(dir, 'config.json'), '{}');
    const outside = mkdtempSync(join(tmpdir(), 'bringup-outside-'));
    writeFileSync(join(outside, 'ref.json'), '[1]');
    const inputs = await hashInputs(dir, ['config.json', join(outside, 'ref.json'), 'missing.py']);
    expect(inputs).toEqual({ 'config.json': sha256Text('{}'), [join(outside, 'ref.json')]: sha256Text('[1]') });
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).toBe('{}');
    rmSync(outside, { recursive: true, force: true });
  });
});
