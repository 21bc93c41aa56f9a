import { badInput } from '../errors';
import { jsonErrorOffset, utf8Length } from './textPositions';

/** `model.safetensors.index.json`: which shard holds each tensor. */
export interface SafetensorsIndex {
  /** Shard names, sorted (model-00001-of-N first). */
  shards: string[];
  /** weight_map's tensor names, in file order, and the index (into `shards`) of each one's shard. */
  tensorNames: string[];
  tensorShards: Uint32Array;
  /**
   * `tensorNames` in strictly ascending code-unit order (transformers writes the index with
   * sort_keys): no name repeats, and a reader can join the headers to it without a name map.
   */
  ascending: boolean;
  /** Tensors per shard, to size one range request per shard from the index alone. */
  tensorsPerShard: number[];
  /** Sum of tensor-name lengths per shard (the bulk of a header's size). */
  nameCharsPerShard: number[];
  metadata: Record<string, unknown>;
}

/** Tensor name → its entry in `tensorNames`, built on first use (a reader joining by order never needs it). */
const positionCache = new WeakMap<SafetensorsIndex, Map<string, number>>();

export function indexPositions(index: SafetensorsIndex): Map<string, number> {
  let position = positionCache.get(index);
  if (!position) positionCache.set(index, (position = new Map(index.tensorNames.map((name, i) => [name, i]))));
  return position;
}

/** A shard name must stay inside the checkpoint: no `..`, no absolute path, no URL. */
export function isSafeShardName(name: string): boolean {
  return name.length > 0 && !name.startsWith('/') && !name.includes('\\') && !name.includes('://') && !name.split('/').includes('..');
}

/**
 * Reads the index. An index as the Hub's writers emit it (a flat weight_map of plain strings) is
 * scanned directly, without building a 91,000-key object (about half the time at DeepSeek-V3
 * scale); anything the scanner is not sure of goes to JSON.parse and the strict checks below, so
 * the result and every error are those of the strict reading.
 */
export function parseSafetensorsIndex(text: string, file: string): SafetensorsIndex {
  return scanIndex(text) ?? parseIndexStrictly(text, file);
}

/** The reference reading: JSON.parse, then weight_map in property order. */
export function parseIndexStrictly(text: string, file: string): SafetensorsIndex {
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
  const tally = new ShardTally();
  for (const tensor in weightMap) {
    const shard = weightMap[tensor];
    if (typeof shard !== 'string') throw badInput(`${file}: weight_map[${JSON.stringify(tensor)}]: not a file name`);
    if (tally.add(tensor, shard) === 'unsafe') throw badInput(`${file}: weight_map[${JSON.stringify(tensor)}]: shard name ${JSON.stringify(shard)} leaves the checkpoint folder`);
  }
  return tally.finish(metadata);
}

const RECENT_SHARDS = 4;

/** weight_map entries as they are read: shard ids in first-seen order, counts per shard. */
class ShardTally {
  private readonly ids = new Map<string, number>();
  private readonly firstSeen: string[] = [];
  private readonly tensors: number[] = [];
  private readonly chars: number[] = [];
  readonly names: string[] = [];
  /** While the names ascend none can repeat; past the first that does not, repeats are found through a map. */
  private position: Map<string, number> | null = null;
  private readonly shardOf: number[] = [];
  /** The last few shards used, most recent first, with their ids. */
  private readonly recent: string[] = [];
  private readonly recentIds: number[] = [];

  /** 'unsafe' when the shard name leaves the checkpoint folder, 'repeat' when the tensor was added before. */
  add(tensor: string, shard: string): 'ok' | 'unsafe' | 'repeat' {
    const id = this.idOf(shard);
    if (id < 0) return 'unsafe';
    const { names } = this;
    if (!this.position && names.length > 0 && !(names[names.length - 1] < tensor)) this.position = new Map(names.map((name, i) => [name, i]));
    if (this.position) {
      const size = this.position.size;
      this.position.set(tensor, names.length);
      if (this.position.size === size) return 'repeat';
    }
    names.push(tensor);
    this.shardOf.push(id);
    this.tensors[id]++;
    this.chars[id] += tensor.length;
    return 'ok';
  }

  /**
   * The shards used last, most recent first: the scanner compares the next value with them in place.
   * A sorted index alternates between the few shards one layer spans (experts 0, 1, 10, 100, ...):
   * at DeepSeek-V3 scale the shard changes on half the entries, yet is one of the last four on 96%.
   */
  get recentShards(): readonly string[] {
    return this.recent;
  }

  private idOf(shard: string): number {
    const { recent, recentIds } = this;
    let at = recent.indexOf(shard);
    let id = at >= 0 ? recentIds[at] : this.ids.get(shard);
    if (id === undefined) {
      if (!isSafeShardName(shard)) return -1;
      id = this.firstSeen.length;
      this.ids.set(shard, id);
      this.firstSeen.push(shard);
      this.tensors.push(0);
      this.chars.push(0);
    }
    if (at !== 0) {
      // Move to the front, dropping the least recent past RECENT_SHARDS.
      if (at < 0) at = Math.min(recent.length, RECENT_SHARDS - 1);
      for (let k = at; k > 0; k--) {
        recent[k] = recent[k - 1];
        recentIds[k] = recentIds[k - 1];
      }
      recent[0] = shard;
      recentIds[0] = id;
    }
    return id;
  }

  finish(metadata: unknown): SafetensorsIndex {
    const { firstSeen } = this;
    // Shards in name order (model-00001-of-N first), whatever order weight_map lists them in.
    const order = firstSeen.map((_, i) => i).sort((a, b) => (firstSeen[a] < firstSeen[b] ? -1 : firstSeen[a] > firstSeen[b] ? 1 : 0));
    const rank = new Uint32Array(order.length);
    order.forEach((old, i) => (rank[old] = i));
    const tensorShards = new Uint32Array(this.shardOf.length);
    for (let i = 0; i < this.shardOf.length; i++) tensorShards[i] = rank[this.shardOf[i]];
    const meta = metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {};
    const index: SafetensorsIndex = {
      shards: order.map((i) => firstSeen[i]),
      tensorNames: this.names,
      tensorShards,
      ascending: this.position === null,
      tensorsPerShard: order.map((i) => this.tensors[i]),
      nameCharsPerShard: order.map((i) => this.chars[i]),
      metadata: meta,
    };
    if (this.position) positionCache.set(index, this.position);
    return index;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The fast reading, or null to leave the text to the strict one. It accepts only what it can read
 * exactly as JSON.parse plus for-in would: a top-level object without repeated keys whose
 * weight_map holds plain strings (no escapes, no control characters), no repeated tensor and no
 * tensor name that starts with a digit (an array-index key, which for-in would list first); the
 * other top-level values are handed to JSON.parse. It never throws: any defect is the strict
 * reading's to report.
 */
export function scanIndex(text: string): SafetensorsIndex | null {
  const n = text.length;
  let i = 0;
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };
  // Escapes and control characters send the text to the strict reading, except the three that
  // also appear as whitespace between tokens: those are looked for inside each string.
  // eslint-disable-next-line no-control-regex -- these are what JSON forbids raw inside a string
  if (/[\\\x00-\x08\x0b\x0c\x0e-\x1f]/.test(text)) return null;
  // The next of each at or after the string being read (-1: none left); three variables, not a
  // lookup by character, as this runs for every key of 90,000.
  let nl = text.indexOf('\n');
  let cr = text.indexOf('\r');
  let tab = text.indexOf('\t');
  /** A plain string at i (no escape, no control character): its end quote, or -1. */
  const plainStringEnd = (): number => {
    if (text.charCodeAt(i) !== QUOTE) return -1;
    const end = text.indexOf('"', i + 1);
    if (end < 0) return -1;
    if (nl >= 0 && nl < i) nl = text.indexOf('\n', i);
    if (cr >= 0 && cr < i) cr = text.indexOf('\r', i);
    if (tab >= 0 && tab < i) tab = text.indexOf('\t', i);
    if ((nl >= 0 && nl < end) || (cr >= 0 && cr < end) || (tab >= 0 && tab < end)) return -1;
    return end;
  };

  skipSpace();
  if (text.charCodeAt(i) !== 0x7b /* { */) return null;
  i++;
  const topKeys = new Set<string>();
  let tally: ShardTally | null = null;
  let metadata: unknown;
  skipSpace();
  if (text.charCodeAt(i) === 0x7d /* } */) return null; // no weight_map
  for (;;) {
    skipSpace();
    const keyEnd = plainStringEnd();
    if (keyEnd < 0) return null;
    const key = text.slice(i + 1, keyEnd);
    if (topKeys.has(key)) return null;
    topKeys.add(key);
    i = keyEnd + 1;
    skipSpace();
    if (text.charCodeAt(i) !== 0x3a /* : */) return null;
    i++;
    skipSpace();
    if (key === 'weight_map') {
      tally = scanWeightMap();
      if (!tally) return null;
    } else {
      const start = i;
      if (!skipValue()) return null;
      let value: unknown;
      try {
        value = JSON.parse(text.slice(start, i));
      } catch {
        return null;
      }
      if (key === 'metadata') metadata = value;
    }
    skipSpace();
    const c = text.charCodeAt(i);
    i++;
    if (c === 0x2c /* , */) continue;
    if (c === 0x7d /* } */) break;
    return null;
  }
  skipSpace();
  if (i !== n || !tally) return null;
  return tally.finish(metadata);

  function scanWeightMap(): ShardTally | null {
    if (text.charCodeAt(i) !== 0x7b) return null;
    i++;
    const out = new ShardTally();
    skipSpace();
    if (text.charCodeAt(i) === 0x7d) {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      const keyEnd = plainStringEnd();
      if (keyEnd < 0) return null;
      const first = text.charCodeAt(i + 1);
      if (first >= 0x30 && first <= 0x39) return null; // maybe an array index: for-in would reorder it
      const tensor = text.slice(i + 1, keyEnd);
      i = keyEnd + 1;
      skipSpace();
      if (text.charCodeAt(i) !== 0x3a) return null;
      i++;
      skipSpace();
      // Consecutive tensors mostly share one of a few shards: compare in place before cutting a new string.
      let shard = text.charCodeAt(i) === QUOTE ? recentShardAt(out.recentShards) : null;
      if (shard !== null) i += shard.length + 2;
      else {
        const valueEnd = plainStringEnd();
        if (valueEnd < 0) return null;
        shard = text.slice(i + 1, valueEnd);
        i = valueEnd + 1;
      }
      // A repeated key (JSON.parse keeps the last) or an unsafe shard name: the strict reading says what to.
      if (out.add(tensor, shard) !== 'ok') return null;
      skipSpace();
      const c = text.charCodeAt(i);
      i++;
      if (c === 0x2c) continue;
      if (c === 0x7d) return out;
      return null;
    }
  }

  /** The recent shard whose quoted name starts at i (already read, so plain), or null. */
  function recentShardAt(recent: readonly string[]): string | null {
    for (const shard of recent) if (text.charCodeAt(i + 1 + shard.length) === QUOTE && text.startsWith(shard, i + 1)) return shard;
    return null;
  }

  /** Moves i past one JSON value's extent (strings and nesting tracked); JSON.parse validates it. */
  function skipValue(): boolean {
    let depth = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i++;
        while (i < n && text.charCodeAt(i) !== QUOTE) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
        if (i >= n) return false;
        i++;
        if (depth === 0) return true;
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) return true; // the end of the enclosing object: a scalar ended before it
        depth--;
        if (depth === 0) {
          i++;
          return true;
        }
      } else if (depth === 0 && c === 0x2c) return true;
      i++;
    }
    return depth === 0;
  }
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
