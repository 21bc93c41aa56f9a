import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { familyTensors, writeSparseCheckpoint } from '../../../scripts/gen-sparse-checkpoint';
import { BringupError } from '../../../shared/errors';
import { weightsCommand } from './weights';

const CORPUS = join(__dirname, '../../../fixtures/corpus');
const root = mkdtempSync(join(tmpdir(), 'bringup-cli-weights-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(args: string[], values: Record<string, boolean | string> = {}) {
  let out = '';
  let err = '';
  const code = await weightsCommand.run({ positionals: args, values, io: { out: (t) => (out += t), err: (t) => (err += t) }, env: {}, cwd: root });
  return { code, out, err };
}

describe('bringup weights', () => {
  it('--json prints the contract object; --tensors adds the tensor list', async () => {
    const config = JSON.parse(readFileSync(join(CORPUS, 'meta-llama__Llama-3.2-1B-Instruct/config.json'), 'utf8'));
    const dir = join(root, 'llama');
    await writeSparseCheckpoint(dir, { tensors: familyTensors('llama', config), shards: 2, config: { ...config, num_key_value_heads: 4 } });
    const plain = await run([dir], { json: true });
    expect(plain.code).toBe(0);
    const json = JSON.parse(plain.out);
    for (const key of ['source', 'format', 'files', 'tensorCount', 'parameterCount', 'parametersByDtype', 'checks', 'mapping']) expect(json).toHaveProperty(key);
    expect(json).not.toHaveProperty('tensors');
    expect(json.source).toBe(dir);
    expect(json.files[0]).toEqual({ name: 'model-00001-of-00002.safetensors', bytes: expect.any(Number), headerBytes: expect.any(Number), tensorCount: expect.any(Number) });
    expect(json.checks.find((c: { field: string }) => c.field === 'num_key_value_heads')).toMatchObject({ status: 'mismatch', expected: 4, actual: 8, tensor: 'model.layers.0.self_attn.k_proj.weight' });
    expect(json.mapping).toMatchObject({ baseline: 'llama3', mapped: 146, unmappedCheckpoint: [], unfilledModel: [] });

    const full = JSON.parse((await run([dir], { json: true, tensors: true })).out);
    expect(full.tensors).toHaveLength(146);
    expect(full.tensors[0]).toEqual({ name: expect.any(String), dtype: 'BF16', shape: expect.any(Array), file: 'model-00001-of-00002.safetensors' });

    const text = await run([dir]);
    expect(text.out).toMatch(/mismatch +num_key_value_heads: config says num_key_value_heads = 4, weights say 8/);
    expect(text.out).toContain('Names → MAX llama3: 146 mapped');

    // --strict: a contradicted field fails the run with 3; the same checkpoint with the right value passes.
    expect((await run([dir], { strict: true })).code).toBe(3);
    const fixed = join(root, 'llama-ok');
    await writeSparseCheckpoint(fixed, { tensors: familyTensors('llama', config), shards: 1, config });
    expect((await run([fixed], { strict: true, json: true })).code).toBe(0);
  });

  it('a corrupt header is bad input (exit 2 in the CLI entry): one line with file and byte', async () => {
    const dir = join(root, 'corrupt');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(dir);
    copyFileSync(join(CORPUS, '_binaries/safetensors/las7__weight-inspect__tiny.safetensors'), join(dir, 'model.safetensors'));
    const err = await run([dir]).then(() => null, (e) => e);
    expect(err).toBeInstanceOf(BringupError);
    expect(err.code).toBe('bad-input');
    expect(err.message).toBe(`${join(dir, 'model.safetensors')}: byte 32851: 5 bytes after the last tensor's data (safetensors rejects this: MetadataIncompleteBuffer)`);
  });

  it('no SOURCE is a usage error (exit 64)', async () => {
    await expect(run([])).rejects.toMatchObject({ code: 'usage' });
  });
});
