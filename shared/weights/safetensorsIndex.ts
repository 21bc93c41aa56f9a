import { badInput } from '../errors';
import { jsonErrorOffset, utf8Length } from './textPositions';

/** `model.safetensors.index.json`: which shard holds each tensor. */
export interface SafetensorsIndex {
  /** Shard names, sorted (model-00001-of-N first). */
  shards: string[];
  /** weight_map's tensor names, in file order, and the index (into `shards`) of each one's shard. */
  tensorNames: string[];
  tensorShards: Uint32Array;
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
    const why = err instanceof Error ? err.message.split(/[\r\n]/)[0] : 'invalid JSON';
    throw badInput(`${file}: byte ${offset === null ? 0 : utf8Length(text, offset)}: not valid JSON (${why})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw badInput(`${file}: $: not a JSON object`);
  const { weight_map: map, metadata } = raw as Record<string, unknown>;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) throw badInput(`${file}: weight_map: missing or not an object`);
  const weightMap = map as Record<string, unknown>;
  // One pass over weight_map (91,000 entries at DeepSeek-V3 scale): names, shard of each, counts per shard.
  const seen = new Map<string, number>();
  const firstSeen: string[] = [];
  const tensorNames: string[] = [];
  const shardOf: number[] = [];
  const tensors: number[] = [];
  const chars: number[] = [];
  for (const tensor in weightMap) {
    const shard = weightMap[tensor];
    if (typeof shard !== 'string') throw badInput(`${file}: weight_map[${JSON.stringify(tensor)}]: not a file name`);
    let at = seen.get(shard);
    if (at === undefined) {
      if (!isSafeShardName(shard)) throw badInput(`${file}: weight_map[${JSON.stringify(tensor)}]: shard name ${JSON.stringify(shard)} leaves the checkpoint folder`);
      at = firstSeen.length;
      seen.set(shard, at);
      firstSeen.push(shard);
      tensors.push(0);
      chars.push(0);
    }
    tensorNames.push(tensor);
    shardOf.push(at);
    tensors[at]++;
    chars[at] += tensor.length;
  }
  // Shards in name order (model-00001-of-N first), whatever order weight_map lists them in.
  const order = firstSeen.map((_, i) => i).sort((a, b) => (firstSeen[a] < firstSeen[b] ? -1 : firstSeen[a] > firstSeen[b] ? 1 : 0));
  const rank = new Uint32Array(order.length);
  order.forEach((old, i) => (rank[old] = i));
  const tensorShards = new Uint32Array(shardOf.length);
  for (let i = 0; i < shardOf.length; i++) tensorShards[i] = rank[shardOf[i]];
  const meta = metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
  return {
    shards: order.map((i) => firstSeen[i]),
    tensorNames,
    tensorShards,
    tensorsPerShard: order.map((i) => tensors[i]),
    nameCharsPerShard: order.map((i) => chars[i]),
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
