import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { FAKE_MAX_DIR } from '../serve/testing/support';
import { runDoctor, which } from './doctor';

const realPath = process.env.PATH ?? '';

test('finds the Python on PATH, max --version, the packages it lacks, and the GPUs from nvidia-smi', async () => {
  const report = await runDoctor({ env: { PATH: `${FAKE_MAX_DIR}:${realPath}`, FAKE_NVIDIA_SMI_GPUS: 'NVIDIA H100 80GB HBM3:81559:80994;NVIDIA A10G:23028:22000' } });
  expect(report.python).toMatchObject({ source: 'path', version: expect.stringMatching(/^3\.\d+\.\d+/), why: null });
  expect(report.max).toMatchObject({ path: join(FAKE_MAX_DIR, 'max'), version: '26.5.0.dev2026062514', source: 'path' });
  // Nothing of MAX's Python side is installed here: each says so, none fails the report.
  expect(report.packages.find((p) => p.name === 'torch')).toMatchObject({ version: null, why: expect.stringContaining('not installed in') });
  expect(report.gpus).toMatchObject({ found: true, devices: [{ index: 0, name: 'NVIDIA H100 80GB HBM3', memoryTotalBytes: 81559 * 1024 * 1024, memoryFreeBytes: 80994 * 1024 * 1024 }, { index: 1, name: 'NVIDIA A10G' }] });
  expect(report.codegen).toMatchObject({ detected: '26.5.0.dev2026062514', target: '26.5.0.dev2026062514', known: true });
});

test('a virtualenv wins over PATH, and its max beside its python is used', async () => {
  const venv = mkdtempSync(join(tmpdir(), 'bringup-venv-'));
  mkdirSync(join(venv, 'bin'));
  const python = (await which('python3', { PATH: realPath }))!;
  symlinkSync(python, join(venv, 'bin', 'python'));
  symlinkSync(join(FAKE_MAX_DIR, 'max'), join(venv, 'bin', 'max'));
  const report = await runDoctor({ env: { PATH: realPath, VIRTUAL_ENV: venv } });
  expect(report.python).toMatchObject({ path: join(venv, 'bin', 'python'), source: 'virtualenv' });
  // The venv's python reports its own executable; max is looked for beside it, then on PATH.
  expect(report.max.tried.map((t) => t.source)).toContain('python-bin');
});

test('every missing piece is a finding with its reason, never an error', async () => {
  const report = await runDoctor({ env: { PATH: '/nonexistent' }, python: '/nonexistent/python3', max: '/nonexistent/max' });
  expect(report.python).toMatchObject({ path: null, why: '/nonexistent/python3: not found or not executable' });
  expect(report.max).toMatchObject({ path: null, why: '/nonexistent/max: not found or not executable' });
  expect(report.packages.every((p) => p.version === null && p.why === 'no Python to ask')).toBe(true);
  expect(report.gpus).toMatchObject({ found: false, why: expect.stringContaining('nvidia-smi is not on PATH') });
  expect(report.codegen).toMatchObject({ known: false, target: null });
});

test('a MAX the knowledge base does not know is said so; a patch release of a known stable is its target', async () => {
  const env = { PATH: `${FAKE_MAX_DIR}:${realPath}`, FAKE_NVIDIA_SMI_FAIL: '1' };
  const unknown = await runDoctor({ env: { ...env, FAKE_MAX_VERSION: '26.7.0.dev2026090101' } });
  expect(unknown.codegen).toMatchObject({ detected: '26.7.0.dev2026090101', known: false, why: expect.stringContaining('not in the knowledge base') });
  expect(unknown.gpus).toMatchObject({ found: false, why: expect.stringContaining("couldn't communicate with the NVIDIA driver") });
  const patch = await runDoctor({ env: { ...env, FAKE_MAX_VERSION: '26.4.1' } });
  expect(patch.codegen).toMatchObject({ target: '26.4', known: true });
});
