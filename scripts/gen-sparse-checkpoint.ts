/**
 * Writes a safetensors checkpoint whose headers are real and whose tensor data are holes (sparse
 * files): a DeepSeek-V3-scale checkpoint (163 shards, ~91,000 tensors, ~680 GB apparent size) costs
 * a few MB of disk. Used by the weights benchmark and by tests of synthetic checkpoints.
 *
 *   <ts runner> scripts/gen-sparse-checkpoint.ts DIR [CONFIG_JSON], or import the functions
 *   (the weights benchmark does, and writes it to a temporary folder).
 */
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dtypeBits } from '../shared/weights/dtypes';
import { configView } from '../shared/weights/configView';
import { expectedTensors, familyById } from '../shared/weights/families';

export interface SparseTensor {
  name: string;
  dtype: string;
  shape: number[];
}

export interface CheckpointSpec {
  tensors: SparseTensor[];
  /** Number of shards; 1 writes a single model.safetensors and no index. */
  shards: number;
  /** Written as config.json when given. */
  config?: unknown;
  metadata?: Record<string, string>;
}

/**
 * safetensors' `Dtype` enum, in its declared (increasing alignment) order. Its writer lays tensors out
 * by descending dtype, then by name, and lists them in the header in that order
 * (huggingface/safetensors@000a16f45cff0d4169ca15b67ea002895234d671, safetensors/src/tensor.rs,
 * `prepare` and `enum Dtype`); dtypes it does not declare there sort first.
 */
const WRITER_DTYPE_ORDER = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'];

/** The tensors in the order safetensors' own writer puts them in a file. */
export function writerOrder(tensors: readonly SparseTensor[]): SparseTensor[] {
  const rank = (t: SparseTensor) => WRITER_DTYPE_ORDER.indexOf(t.dtype);
  return [...tensors].sort((a, b) => rank(b) - rank(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The 8-byte length plus the JSON header (space-padded to 8 bytes, as safetensors writes it), tensors in the writer's order. */
export function safetensorsHeader(tensors: readonly SparseTensor[], metadata: Record<string, string> = { format: 'pt' }): { bytes: Uint8Array; dataBytes: number } {
  const header: Record<string, unknown> = Object.create(null); // a tensor named "__proto__" stays a key
  header.__metadata__ = metadata;
  let offset = 0;
  for (const t of writerOrder(tensors)) {
    const bits = dtypeBits(t.dtype);
    if (bits === undefined) throw new Error(`unknown dtype ${t.dtype}`);
    const size = (t.shape.reduce((a, b) => a * b, 1) * bits) / 8;
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (Buffer.byteLength(json) % 8)) % 8);
  const body = Buffer.from(json, 'utf8');
  const bytes = new Uint8Array(8 + body.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(body.length), true);
  bytes.set(body, 8);
  return { bytes, dataBytes: offset };
}

export function shardName(i: number, total: number): string {
  const pad = (n: number) => String(n).padStart(5, '0');
  return `model-${pad(i + 1)}-of-${pad(total)}.safetensors`;
}

/** Writes the checkpoint into `dir`: headers written, data left as a hole (ftruncate). */
export async function writeSparseCheckpoint(dir: string, spec: CheckpointSpec): Promise<{ files: string[]; tensorCount: number }> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const weightMap = new Map<string, string>();
  const per = Math.ceil(spec.tensors.length / spec.shards);
  let totalSize = 0;
  for (let s = 0; s < spec.shards; s++) {
    const part = spec.tensors.slice(s * per, (s + 1) * per);
    const name = spec.shards === 1 ? 'model.safetensors' : shardName(s, spec.shards);
    const { bytes, dataBytes } = safetensorsHeader(part, spec.metadata);
    const handle = await open(join(dir, name), 'w');
    try {
      await handle.write(bytes, 0, bytes.length, 0);
      await handle.truncate(bytes.length + dataBytes);
    } finally {
      await handle.close();
    }
    for (const t of part) weightMap.set(t.name, name);
    totalSize += dataBytes;
    files.push(name);
  }
  if (spec.shards > 1) {
    // As transformers writes it: json.dumps(index, indent=2, sort_keys=True) + "\n".
    const sorted = Object.fromEntries([...weightMap].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    await writeFile(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: totalSize }, weight_map: sorted }, null, 2) + '\n');
  }
  if (spec.config !== undefined) await writeFile(join(dir, 'config.json'), JSON.stringify(spec.config, null, 2));
  return { files, tensorCount: spec.tensors.length };
}

/**
 * The tensors of a family's checkpoint for `config`, from the knowledge base's templates, in `dtype`.
 * `fp8` adds DeepSeek-V3's block-FP8 layout: F8_E4M3 linear weights, each with an F32
 * `weight_scale_inv` of [ceil(out/128), ceil(in/128)], norms/embeddings/router kept in BF16.
 */
export function familyTensors(familyId: string, config: unknown, options: { dtype?: string; fp8?: boolean; extraLayers?: number } = {}): SparseTensor[] {
  const family = familyById(familyId);
  if (!family) throw new Error(`no family ${familyId}`);
  const view = configView(config);
  const layers = Number(view.get('num_hidden_layers'));
  const extra = options.extraLayers ?? 0;
  // The MTP layer(s) of DeepSeek-V3 are ordinary decoder layers numbered from num_hidden_layers.
  const widened = extra ? { get: (f: string) => (f === 'num_hidden_layers' ? layers + extra : view.get(f)), origin: view.origin } : view;
  const out: SparseTensor[] = [];
  for (const t of expectedTensors(family, widened, { p: family.base, r: '' })) {
    if (t.optional) continue;
    const shape = t.shape.map((d) => {
      if (d === null) throw new Error(`${t.name}: shape depends on a field the config lacks (${t.fields.join(', ')})`);
      return d;
    });
    const linear = options.fp8 && shape.length === 2 && /_proj\.weight$|\.w[123]\.weight$/.test(t.name);
    out.push({ name: t.name, dtype: linear ? 'F8_E4M3' : t.name.endsWith('e_score_correction_bias') ? 'F32' : options.dtype ?? 'BF16', shape });
    if (linear) out.push({ name: t.name.replace(/\.weight$/, '.weight_scale_inv'), dtype: 'F32', shape: [Math.ceil(shape[0] / 128), Math.ceil(shape[1] / 128)] });
  }
  return out;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: gen-sparse-checkpoint DIR [CONFIG_JSON]');
    process.exit(64);
  }
  const { readFile } = await import('node:fs/promises');
  const configPath = process.argv[3] ?? join(process.cwd(), 'fixtures/corpus/deepseek-ai__DeepSeek-V3/config.json');
  const config = JSON.parse(await readFile(configPath, 'utf8'));
  const tensors = familyTensors('deepseek_v3', config, { fp8: true, extraLayers: 1 });
  const { files, tensorCount } = await writeSparseCheckpoint(dir, { tensors, shards: 163, config });
  console.log(`${dir}: ${files.length} shards, ${tensorCount} tensors`);
}

// Runs only as its own entry point (a compiled copy or a TS runner), never when bundled into the benchmark.
if (/gen-sparse-checkpoint\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) void main();
