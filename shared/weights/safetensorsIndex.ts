import { badInput } from '../errors';
import { jsonErrorOffset, utf8Length } from './textPositions';

/** `model.safetensors.index.json`: which shard holds each tensor. */
export interface SafetensorsIndex {
  /** Shard names, sorted. */
  shards: string[];
  /** Tensor name → shard index (into `shards`). */
  weightMap: Map<string, number>;
  /** Tensors per shard, to size one range request per shard from the index alone. */
  tensorsPerShard: number[];
  /** Sum of tensor-name lengths per shard (the bulk of a header's size). */
  nameCharsPerShard: number[];
  metadata: Record<string, unknown>;
}

/** A shard name must stay inside the checkpoint: no `..`, no absolute path, no URL. */
export function isSafeShardName(name: string): boolean {
  return name.length > 0 && !name.startsWith('/') && !name.includes('\\') && !name.includes('://') && !name.split('/').includes('..');
}

export function parseSafetensorsIndex(text: string, file: string): SafetensorsIndex {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const offset = jsonErrorOffset(text);
    const why = err instanceof Error ? err.message.split('\n')[0] : 'invalid JSON';
    throw badInput(`${file}: byte ${offset === null ? 0 : utf8Length(text, offset)}: not valid JSON (${why})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw badInput(`${file}: $: not a JSON object`);
  const { weight_map: map, metadata } = raw as Record<string, unknown>;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw badInput(`${file}: weight_map: missing or not an object`);
  const shards: string[] = [];
  const shardIndex = new Map<string, number>();
  const weightMap = new Map<string, number>();
  const tensorsPerShard: number[] = [];
  const nameCharsPerShard: number[] = [];
  for (const [tensor, shard] of Object.entries(map as Record<string, unknown>)) {
    if (typeof shard !== 'string') throw badInput(`${file}: weight_map[${JSON.stringify(tensor)}]: not a file name`);
    let index = shardIndex.get(shard);
    if (index === undefined) {
      if (!isSafeShardName(shard)) throw badInput(`${file}: weight_map[${JSON.stringify(tensor)}]: shard name ${JSON.stringify(shard)} leaves the checkpoint folder`);
      index = shards.length;
      shards.push(shard);
      shardIndex.set(shard, index);
      tensorsPerShard.push(0);
      nameCharsPerShard.push(0);
    }
    weightMap.set(tensor, index);
    tensorsPerShard[index]++;
    nameCharsPerShard[index] += tensor.length;
  }
  // Shards in name order (model-00001-of-N first), whatever order weight_map lists them in.
  const order = shards.map((_, i) => i).sort((a, b) => (shards[a] < shards[b] ? -1 : shards[a] > shards[b] ? 1 : 0));
  const rank = new Array<number>(shards.length);
  order.forEach((old, i) => (rank[old] = i));
  for (const [tensor, index] of weightMap) weightMap.set(tensor, rank[index]);
  const meta = metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
  return {
    shards: order.map((i) => shards[i]),
    weightMap,
    tensorsPerShard: order.map((i) => tensorsPerShard[i]),
    nameCharsPerShard: order.map((i) => nameCharsPerShard[i]),
    metadata: meta,
  };
}

/**
 * Bytes to ask for in one range request so that it very likely holds the whole header:
 * each entry is its quoted name plus `{"dtype":"F8_E4M3","shape":[7168,2048],"data_offsets":[n,m]}`.
 * Too small only costs one more request for the rest.
 */
export function estimateHeaderBytes(tensors: number, nameChars: number): number {
  const estimate = 8 + 256 + nameChars + tensors * 112;
  return Math.ceil(estimate / 4096) * 4096;
}
