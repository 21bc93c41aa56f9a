/**
 * A checkpoint's tokenizer.json as a decoder (shared/logits/tokenizer.ts), for the worst positions'
 * top-5 tokens and the probe. Cached by path and modification time: the file is megabytes.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { badInput } from '../../../shared/errors';
import { displayToken, tokenDecoder, type TokenDecoder } from '../../../shared/logits/tokenizer';

const cache = new Map<string, { mtimeMs: number; decoder: TokenDecoder }>();

/** A tokenizer.json path, or a folder holding one; null when the folder has none. */
export async function loadTokenizer(pathOrDir: string): Promise<TokenDecoder | null> {
  let path = pathOrDir;
  let info;
  try {
    info = await stat(path);
    if (info.isDirectory()) {
      path = join(path, 'tokenizer.json');
      info = await stat(path);
    }
  } catch {
    return null;
  }
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === info.mtimeMs) return hit.decoder;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw badInput(`${path}: not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  const decoder = tokenDecoder(json);
  cache.set(path, { mtimeMs: info.mtimeMs, decoder });
  return decoder;
}

export interface DecodedTokens {
  /** Where the vocabulary came from, or null when the checkpoint has no tokenizer.json. */
  tokenizer: string | null;
  kind: TokenDecoder['kind'] | null;
  /** Each id as display text (invisible characters made visible), in order; `#id` when unknown. */
  tokens: string[];
}

export async function decodeTokens(pathOrDir: string, ids: number[]): Promise<DecodedTokens> {
  const decoder = await loadTokenizer(pathOrDir);
  if (!decoder) return { tokenizer: null, kind: null, tokens: ids.map((id) => `#${id}`) };
  return { tokenizer: pathOrDir, kind: decoder.kind, tokens: ids.map((id) => displayToken(decoder, id)) };
}
