/**
 * Every crash `npm run fuzz` found, kept as a plain input run through the same target and
 * contract check, so that it stays fixed even if the generators or the corpus change.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGguf } from '../../electron/services/weights/readGguf';
import { analyzeConfig } from '../../shared/config/analyze';
import { parseConfigText } from '../../shared/config/parse';
import { BringupError } from '../../shared/errors';
import { corpusFiles, fixtureFiles, text } from './corpus';
import { runCase, type FuzzTarget } from './harness';
import { codegen } from './targets/codegen';
import { configAnalyze, configParse } from './targets/config';
import { gguf } from './targets/gguf';
import { logits } from './targets/logits';
import { safetensorsHeader, safetensorsIndex } from './targets/safetensors';
import { selfTestTargets } from './selfTest';
import { targets } from './targets';

const contractHolds = async (target: FuzzTarget, input: unknown) => expect(await runCase(target, input)).toBeNull();

const LLAMA = {
  architectures: ['LlamaForCausalLM'], model_type: 'llama', hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32,
  num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 128256, max_position_embeddings: 131072, rms_norm_eps: 1e-5,
  rope_theta: 500000, hidden_act: 'silu', tie_word_embeddings: false, torch_dtype: 'bfloat16',
};

/** A safetensors file with one F32 tensor of 4 elements, its JSON header given as text. */
function safetensors(headerJson: string): Uint8Array {
  const json = Buffer.from(headerJson, 'utf8');
  const out = new Uint8Array(8 + json.length + 16);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

describe('fuzz regressions', () => {
  it('config.parse: nesting deep enough to overflow jsonc-parser is refused with its place, not a RangeError', async () => {
    for (const text of ['{"a":'.repeat(20000), '[\n'.repeat(5000)]) {
      await contractHolds(configParse, text);
      const result = parseConfigText(text, 'config.json');
      expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^config\.json:\d+:\d+: nested more than 1000 levels deep: /) });
    }
    // Brackets after an unterminated string are not nesting: the first error is the string.
    const unterminated = '{"x": "open\n' + '['.repeat(20000);
    await contractHolds(configParse, unterminated);
    expect(parseConfigText(unterminated, 'config.json')).toMatchObject({ ok: false, message: 'config.json:1:7: unterminated string' });
    // The line and column are where the limit is passed.
    expect(parseConfigText('[\n'.repeat(1001) + ']'.repeat(1001), 'config.json')).toMatchObject({ ok: false, line: 1001, column: 1 });
    // As deep as Python's json module reads is still fine.
    expect(parseConfigText('['.repeat(1000) + ']'.repeat(1000), 'config.json')).toMatchObject({ ok: true });
  });

  it('config.analyze: sizes a hand edit made huge give no parameter estimate, not Infinity', async () => {
    const config = { ...LLAMA, intermediate_size: 1e308 };
    expect(analyzeConfig(config).parameterEstimate).toBeNull();
    await contractHolds(configAnalyze, { text: JSON.stringify(config) });
    expect(analyzeConfig(LLAMA).parameterEstimate).toBeGreaterThan(7e9); // the real one still estimates
  });

  it('codegen: a non-string architectures[0] holding a line break is named on one line', async () => {
    await contractHolds(codegen, { doc: { ...LLAMA, architectures: [['\n']] } });
    let thrown: unknown;
    try {
      codegen.run({ doc: { ...LLAMA, architectures: [['\n']] } });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(BringupError);
    expect((thrown as Error).message).toBe('architectures[0]: ["\\n"] is not a valid Python class name (letters, digits and _ only)');
  });

  it('safetensors.index: a BOM and CRLF file gives a one-line message', async () => {
    const text = '\uFEFF{\r\n  "weight_map": {\r\n    "a": "model.safetensors"\r\n  }\r\n}\r\n';
    await contractHolds(safetensorsIndex, text);
    await contractHolds(safetensorsIndex, '\uFEFF[\r\n  {\r\n    "total_size": 1\r\n  }\r\n]');
  });

  it('safetensors.index and header: invalid JSON nested past jsonc-parser\'s recursion is bad input, not a RangeError', async () => {
    await contractHolds(safetensorsIndex, '['.repeat(20000));
    await contractHolds(safetensorsHeader, { bytes: safetensors('{"a":'.repeat(20000)), sizeKnown: true });
  });

  it('safetensors.header: a CR in the header JSON stays out of the message', async () => {
    // JSON.parse's message quotes the text: "Unexpected token 'x', "{"a":\r\n x}" is not valid JSON".
    await contractHolds(safetensorsHeader, { bytes: safetensors('{"a":\r\n x}'), sizeKnown: true });
  });

  describe('logits.compare', () => {
    const npy = fixtureFiles('logits', (name) => name === 'cand.f64.npy')[0].bytes;
    const golden = fixtureFiles('logits', (name) => name === 'ref.golden.json')[0].bytes;

    it('a dtype holding a line break in a golden file is named on one line', async () => {
      const cand = new Uint8Array(Buffer.from(Buffer.from(golden).toString('utf8').replace('"dtype": "float32"', '"dtype": "\\r\\nfloat32"')));
      await contractHolds(logits, { seed: golden, cand });
      await expect(logits.run({ seed: golden, cand })).rejects.toThrow(/^cand\.logits: byte \d+: \[0\]\.values\[0\]\.logits: dtype "\\r\\nfloat32" is not a float type/);
    });

    it('a float64 value past float32\'s range is refused, not compared into NaN (its square overflows)', async () => {
      // cand.f64.npy is float64 [12, 64]: the first value of position 0 set to 1e300.
      const cand = npy.slice();
      const dataStart = npy.length - 12 * 64 * 8;
      new DataView(cand.buffer).setFloat64(dataStart, 1e300, true);
      await contractHolds(logits, { seed: npy, cand });
      await expect(logits.run({ seed: npy, cand })).rejects.toThrow("cand.logits: position 0: logits[0] is 1e+300, past float32's range (±3.4e38): no model writes logits this large (corrupt?)");
    });
  });

  describe('gguf: counts the file cannot hold are refused before @huggingface/gguf spins on zeros', () => {
    // 129 bytes of a real file (0xsh4n/TensorHawk) with the tensor count set to 6,029,312: the library
    // alone took 4.5 s and failed with "ArrayBuffer.prototype.resize: Invalid length parameter".
    const big = Buffer.from('R0dVRgMAAAAAAFwAAAAAABIAAAAAAAAADgAAAAAAAABnZW5lcmFsLmF1dGhvcggAAAAfAAAAAAAAAEphbmUgRG9lIDxqYW5lLmRvZUBleGFtcGxlLmNvbT4MAAAAAAAAAGdlbmVyYWwubmFtZQgAAAAIAAAAAAAAAHRpbnktbGxt', 'base64');
    // 16 bytes that declare 2,228,224 tensors; the kv count lies past the end (read as zero).
    const short = Buffer.from('R0dVRgMAAAAAACIAAAAAAA==', 'base64');
    const work = mkdtempSync(join(tmpdir(), 'bringup-fuzz-gguf-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    const message = /^model\.gguf: byte 8: the header declares \d+ tensors and \d+ metadata entries, more than its \d+ bytes can hold/;

    it.each([['129 bytes', big], ['16 bytes', short]])('remote, size known or not (%s)', async (_name, bytes) => {
      for (const sizeKnown of [true, false]) {
        await contractHolds(gguf, { bytes: new Uint8Array(bytes), sizeKnown });
        await expect(gguf.run({ bytes: new Uint8Array(bytes), sizeKnown })).rejects.toThrow(message);
      }
    });

    it.each([['129 bytes', big], ['16 bytes', short]])('local file (%s)', async (name, bytes) => {
      const path = join(work, `${name.replace(' ', '-')}.gguf`);
      writeFileSync(path, bytes);
      await expect(readGguf('x', { uri: path, name: 'model.gguf', fileBytes: bytes.length })).rejects.toThrow(message);
      await expect(readGguf('x', { uri: path, name: 'model.gguf', fileBytes: null })).rejects.toThrow(message);
    });
  });
});

describe('the fuzz registry', () => {
  it('has unique names and more than 10,000 cases per run', () => {
    const names = targets.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(targets.reduce((n, t) => n + t.cases, 0)).toBeGreaterThanOrEqual(10_000);
  });

  it('every target passes real, unmutated files (the contract checks do not reject good input)', async () => {
    await contractHolds(configParse, JSON.stringify(LLAMA, null, 2));
    await contractHolds(configAnalyze, { text: JSON.stringify(LLAMA) });
    await contractHolds(codegen, { doc: LLAMA });
    for (const { bytes } of corpusFiles((name) => name.endsWith('.safetensors'))) {
      const result = await safetensorsHeader.run({ bytes, sizeKnown: false });
      expect(typeof result === 'object' && result.names.length).toBeGreaterThan(0);
      await contractHolds(safetensorsHeader, { bytes, sizeKnown: false });
    }
    for (const file of corpusFiles((name) => name.endsWith('/model.safetensors.index.json') && !name.startsWith('bigscience'))) {
      expect((await safetensorsIndex.run(text(file))).shards.length).toBeGreaterThan(0);
      await contractHolds(safetensorsIndex, text(file));
    }
    for (const { name, bytes } of fixtureFiles('logits', (n) => /^(ref|cand)\.(npy|golden\.json)$|^cand\.(compressed\.npz|f32\.safetensors|json)$/.test(n))) {
      const report = await logits.run({ seed: bytes, cand: bytes });
      expect([name, report.summary.maxKl, report.verdict]).toEqual([name, 0, 'pass']);
      await contractHolds(logits, { seed: bytes, cand: bytes });
    }
    const example = corpusFiles((name) => name.endsWith('modular__max_tests_example_data.gguf'))[0];
    expect((await gguf.run({ bytes: example.bytes, sizeKnown: true })).tensors.names).toHaveLength(6);
  });

  it('the checks catch what they must (the self-test targets fail on their bad inputs)', async () => {
    const [typeError, noPlace, hang] = selfTestTargets;
    expect(await runCase(typeError, 900)).toMatch(/^threw TypeError: Cannot read properties of null/);
    expect(await runCase(noPlace, 900)).toMatch(/^message does not name the file and place/);
    expect(await runCase(hang, 10)).toBeNull();
  });
});
