import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { familyTensors, writeSparseCheckpoint } from './gen-sparse-checkpoint';

const CORPUS = join(__dirname, '../fixtures/corpus');
const dir = mkdtempSync(join(tmpdir(), 'bringup-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gen-sparse-checkpoint', () => {
  it('builds a DeepSeek-V3-scale tensor list from the real config', () => {
    const config = JSON.parse(readFileSync(join(CORPUS, 'deepseek-ai__DeepSeek-V3/config.json'), 'utf8'));
    const tensors = familyTensors('deepseek_v3', config, { fp8: true, extraLayers: 1 });
    // The real DeepSeek-V3 checkpoint lists 91,991 tensors (peer-tools.md addendum); the templates
    // (no MTP-only extras such as eh_proj) land close to it.
    expect(tensors.length).toBeGreaterThan(88_000);
    expect(tensors.length).toBeLessThan(93_000);
    const byName = new Map(tensors.map((t) => [t.name, t]));
    expect(byName.get('model.layers.3.mlp.experts.255.down_proj.weight')).toEqual({ name: 'model.layers.3.mlp.experts.255.down_proj.weight', dtype: 'F8_E4M3', shape: [7168, 2048] });
    expect(byName.get('model.layers.3.mlp.experts.255.down_proj.weight_scale_inv')?.shape).toEqual([56, 16]);
    expect(byName.has('model.layers.2.mlp.experts.0.gate_proj.weight')).toBe(false); // first_k_dense_replace = 3
    expect(byName.get('model.layers.0.self_attn.kv_a_proj_with_mqa.weight')?.shape).toEqual([576, 7168]);
  });

  it('writes sparse shards whose size is header plus data', async () => {
    const tensors = [
      { name: 'a', dtype: 'BF16', shape: [1024, 1024] },
      { name: 'b', dtype: 'F32', shape: [3] },
      { name: 'c', dtype: 'F8_E4M3', shape: [7] },
    ];
    const { files } = await writeSparseCheckpoint(dir, { tensors, shards: 2, config: { model_type: 'llama' } });
    expect(files).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    const index = JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8'));
    expect(index.weight_map).toEqual({ a: files[0], b: files[0], c: files[1] });
    const first = readFileSync(join(dir, files[0]));
    const n = Number(first.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    expect(statSync(join(dir, files[0])).size).toBe(8 + n + 1024 * 1024 * 2 + 12);
  });
});
