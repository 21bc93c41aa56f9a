import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayToken, tokenDecoder } from './tokenizer';

const load = (name: string) => tokenDecoder(JSON.parse(readFileSync(join(__dirname, '../../fixtures/logits/tokenizers', name, 'tokenizer.json'), 'utf8')));

describe('decoding token ids with tokenizer.json', () => {
  it('byte-level BPE (GPT-2 alphabet: Ġ is a space, Ċ a newline, æĸĩ the UTF-8 bytes of 文)', () => {
    const d = load('byte-level');
    expect(d.kind).toBe('byte-level');
    expect(d.decode([0, 4, 5, 1, 2, 3])).toBe('Hello, world the\n文');
    expect([1, 2, 3, 6].map((id) => displayToken(d, id))).toEqual(['␣the', '\\n', '文', '<|endoftext|>']);
    expect(displayToken(d, 99)).toBe('#99');
  });

  it('SentencePiece BPE (▁ for a space, <0xNN> byte fallback, the first space stripped)', () => {
    const d = load('sentencepiece');
    expect(d.kind).toBe('sentencepiece');
    expect(d.decode([7, 8, 9, 3])).toBe('Hello theing\n');
    expect(d.decode([7, 4, 5, 6])).toBe('Hello文');
    expect([8, 3, 1].map((id) => displayToken(d, id))).toEqual(['␣the', '\\n', '<s>']);
  });

  it('Unigram with a list vocabulary and the Metaspace decoder', () => {
    const d = load('unigram');
    expect(d.kind).toBe('sentencepiece');
    expect(d.decode([3, 4, 5])).toBe('the cats');
    expect(displayToken(d, 4)).toBe('␣cat');
  });
});
