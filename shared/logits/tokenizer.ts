/**
 * Token ids back to text with a checkpoint's tokenizer.json (the Hugging Face `tokenizers` format),
 * enough to show the top-5 tokens of a position and to rebuild a prompt prefix: byte-level BPE
 * (GPT-2, Llama 3, Qwen: the `ByteLevel` decoder's byte-to-unicode alphabet) and SentencePiece-style
 * vocabularies (Llama 2, Mistral, Gemma, T5: `▁` for a space, `<0xNN>` byte fallback, Unigram vocab
 * lists). Added tokens (special tokens) decode to their content.
 */
export interface TokenDecoder {
  size: number;
  kind: 'byte-level' | 'sentencepiece' | 'plain';
  /** The raw vocabulary entry ('Ġthe', '▁the', '<0x0A>'), or null for an unknown id. */
  piece(id: number): string | null;
  /** The text of these ids, joined as the tokenizer's decoder would (without special-token stripping). */
  decode(ids: number[]): string;
}

interface DecoderJson {
  type?: string;
  add_prefix_space?: boolean;
  prepend_scheme?: string;
  pattern?: { String?: string };
  content?: string;
  decoders?: DecoderJson[];
}

interface TokenizerJson {
  model?: { type?: string; vocab?: Record<string, number> | [string, number][] };
  added_tokens?: { id: number; content: string }[];
  decoder?: DecoderJson | null;
  pre_tokenizer?: { type?: string; pretokenizers?: { type?: string }[] } | null;
}

/** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards. */
function byteLevelAlphabet(): Map<string, number> {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const chars = [...bytes];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n++);
    }
  }
  return new Map(chars.map((c, i) => [String.fromCodePoint(c), bytes[i]]));
}

let alphabet: Map<string, number> | null = null;
const utf8 = new TextDecoder('utf-8');

function usesByteLevel(t: TokenizerJson): boolean {
  const types = [t.decoder?.type, ...(t.decoder?.decoders ?? []).map((d) => d.type), t.pre_tokenizer?.type, ...(t.pre_tokenizer?.pretokenizers ?? []).map((p) => p.type)];
  return types.includes('ByteLevel');
}

function usesMetaspace(t: TokenizerJson, pieces: string[]): boolean {
  const decoders: (DecoderJson | null | undefined)[] = [t.decoder, ...(t.decoder?.decoders ?? [])];
  if (decoders.some((d) => d?.type === 'Metaspace' || (d?.type === 'Replace' && d.pattern?.String === '▁'))) return true;
  return t.model?.type === 'Unigram' || pieces.slice(0, 2000).some((p) => p.startsWith('▁'));
}

export function tokenDecoder(json: unknown): TokenDecoder {
  const t = (json ?? {}) as TokenizerJson;
  const pieces: string[] = [];
  const vocab = t.model?.vocab;
  if (Array.isArray(vocab)) vocab.forEach(([piece], id) => (pieces[id] = piece));
  else if (vocab && typeof vocab === 'object') for (const [piece, id] of Object.entries(vocab)) if (typeof id === 'number') pieces[id] = piece;
  const special = new Set<number>();
  for (const added of t.added_tokens ?? []) {
    if (typeof added?.id === 'number' && typeof added.content === 'string') {
      pieces[added.id] = added.content;
      special.add(added.id);
    }
  }
  const kind: TokenDecoder['kind'] = usesByteLevel(t) ? 'byte-level' : usesMetaspace(t, pieces) ? 'sentencepiece' : 'plain';
  const decoders = [t.decoder, ...(t.decoder?.decoders ?? [])];
  const strip = decoders.some((d) => d?.type === 'Strip' || (d?.type === 'Metaspace' && d.add_prefix_space !== false && d.prepend_scheme !== 'never'));

  function bytesOf(id: number, out: number[], first: boolean): void {
    const piece = pieces[id];
    if (piece === undefined) return;
    if (special.has(id) || kind === 'plain') {
      out.push(...new TextEncoder().encode(piece));
      return;
    }
    if (kind === 'byte-level') {
      alphabet ??= byteLevelAlphabet();
      for (const ch of piece) {
        const b = alphabet.get(ch);
        if (b === undefined) out.push(...new TextEncoder().encode(ch));
        else out.push(b);
      }
      return;
    }
    const fallback = /^<0x([0-9A-Fa-f]{2})>$/.exec(piece);
    if (fallback) {
      out.push(parseInt(fallback[1], 16));
      return;
    }
    let text = piece.replace(/▁/g, ' ');
    // SentencePiece decoders drop the space the first piece was given (Strip, or Metaspace prepend).
    if (first && strip && text.startsWith(' ')) text = text.slice(1);
    out.push(...new TextEncoder().encode(text));
  }

  return {
    size: pieces.length,
    kind,
    piece: (id) => pieces[id] ?? null,
    decode(ids) {
      const out: number[] = [];
      ids.forEach((id, i) => bytesOf(id, out, i === 0));
      return utf8.decode(Uint8Array.from(out));
    },
  };
}

/** One token for display: its text with the invisible made visible (a leading space as ␣, newlines escaped). */
export function displayToken(decoder: TokenDecoder, id: number): string {
  if (decoder.piece(id) === null) return `#${id}`;
  const text = decoder.kind === 'byte-level' || decoder.kind === 'sentencepiece' ? tokenText(decoder, id) : decoder.piece(id)!;
  return JSON.stringify(text).slice(1, -1).replace(/^ /, '␣') || '∅';
}

function tokenText(decoder: TokenDecoder, id: number): string {
  if (decoder.kind === 'sentencepiece') {
    const piece = decoder.piece(id)!;
    const fallback = /^<0x([0-9A-Fa-f]{2})>$/.exec(piece);
    return fallback ? String.fromCharCode(parseInt(fallback[1], 16)) : piece.replace(/▁/g, ' ');
  }
  return decoder.decode([id]);
}
