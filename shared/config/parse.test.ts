import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeConfig, analyzeConfigText, parseConfigText } from './analyze';
import { modelTypes, valueTypes, type ValueType } from './kb';
import fieldNotes from '../../resources/kb/field-notes.json';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CORPUS = join(__dirname, '..', '..', 'fixtures', 'corpus');
const corpusFolders = () => readdirSync(CORPUS).filter((d) => existsSync(join(CORPUS, d, 'config.json'))).sort();
const corpusText = (folder: string, file = 'config.json') => readFileSync(join(CORPUS, folder, file), 'utf8');

describe('parseConfigText', () => {
  it('reads every corpus config.json (BOM and CRLF included) exactly as JSON.parse does', () => {
    for (const folder of corpusFolders()) {
      const text = corpusText(folder);
      const r = parseConfigText(text, 'config.json');
      expect(r.ok, folder).toBe(true);
      if (r.ok) expect(r.value).toEqual(JSON.parse(text));
    }
    expect(corpusText('AventIQ-AI__pythia-410m-chatbot')).toContain('\r\n');
    expect(parseConfigText('\ufeff{"a": 1}', 'c.json')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('names file, line and column of the first error', () => {
    const r = parseConfigText('{\n  "a": 1\n  "b": 2\n}', 'config.json');
    expect(r).toMatchObject({ ok: false, line: 3, column: 3, offset: 13 });
    if (!r.ok) expect(r.message).toBe("config.json:3:3: expected ','");
  });

  it('rejects what Python json rejects: trailing commas, comments, two documents', () => {
    expect(parseConfigText('{"a": 1,}', 'x')).toMatchObject({ ok: false, line: 1, column: 9 });
    expect(parseConfigText('{"a": 1} // c', 'x')).toMatchObject({ ok: false });
    expect(parseConfigText('{"a": 1}\n=======\n{"b": 2}', 'x')).toMatchObject({ ok: false, line: 2, column: 1 });
    expect(parseConfigText('', 'x')).toMatchObject({ ok: false, line: 1, column: 1 });
  });

  it('counts CRLF as one line break', () => {
    expect(parseConfigText('{\r\n"a": 1\r\n"b": 2}', 'x')).toMatchObject({ ok: false, line: 3, column: 1 });
  });

  it('the real invalid corpus file (missing comma + trailing comma) gets its position', () => {
    const text = corpusText('DracoUnion__Qwen1.5-moe-8x0.5B-Chat', 'generation_config.json');
    const r = parseConfigText(text, 'generation_config.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(() => JSON.parse(text)).toThrow();
      expect(r.message).toMatch(/^generation_config\.json:\d+:\d+: /);
      const lineText = text.split('\n')[r.line - 1];
      expect(lineText.length + 1).toBeGreaterThanOrEqual(r.column);
    }
  });
});

describe('properties', () => {
  it('analyzeConfig never throws on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const a = analyzeConfig(v);
      expect(Array.isArray(a.diagnostics)).toBe(true);
    }), { numRuns: 500 });
  });

  const configs = corpusFolders().map((f) => JSON.parse(corpusText(f)) as Record<string, unknown>);
  it('analyzeConfig never throws on real configs with fields replaced by arbitrary JSON', () => {
    fc.assert(fc.property(fc.constantFrom(...configs), fc.array(fc.tuple(fc.nat(), fc.jsonValue()), { maxLength: 6 }), (config, edits) => {
      const copy: Record<string, unknown> = structuredClone(config);
      const keys = Object.keys(copy);
      for (const [i, value] of edits) copy[keys[i % keys.length]] = value;
      const a = analyzeConfig(copy);
      expect(a.features.every((f) => typeof f === 'string')).toBe(true);
      JSON.stringify(a); // serialisable for the CLI and IPC
    }), { numRuns: 500 });
  });

  it('nested fields replaced too (text_config, rope_scaling, quantization_config)', () => {
    const nestedKeys = ['text_config', 'rope_scaling', 'rope_parameters', 'quantization_config', 'vision_config', 'auto_map'];
    fc.assert(fc.property(fc.constantFrom(...configs), fc.constantFrom(...nestedKeys), fc.jsonValue(), (config, key, value) => {
      analyzeConfig({ ...config, [key]: value });
    }), { numRuns: 300 });
  });

  // Every field the knowledge base knows a meaning, type or default for, at the top level and nested.
  const knownFields = [...new Set([
    ...Object.keys(valueTypes.fields), ...Object.keys(fieldNotes.fields),
    ...Object.values(modelTypes).flatMap((mt) => [...Object.keys(mt.defaults), ...Object.keys(mt.attributeMap), ...Object.keys(mt.textConfig?.defaults ?? {})]),
  ])].sort();
  // JSON values plus the ones that broke string conversion and recursion before.
  const anyValue = fc.oneof(
    { weight: 5, arbitrary: fc.jsonValue() },
    { weight: 1, arbitrary: fc.constantFrom<unknown>({ toString: 1, valueOf: 1 }, { toString: {} }, [{ valueOf: [] }], { __proto__: 1, constructor: 'x' }, '', -0, 1e308, -1, 0.5) },
    { weight: 1, arbitrary: fc.nat(1200).map((n) => { let v: unknown = 1; for (let i = 0; i < n; i++) v = [v]; return v; }) },
  );
  const fits = (spec: ValueType, v: unknown): boolean => spec.type.some((t) => {
    if (t === 'null') return v === null;
    if (t === 'integer') return Number.isInteger(v);
    if (t === 'number') return typeof v === 'number';
    if (t === 'object') return typeof v === 'object' && v !== null && !Array.isArray(v);
    if (t === 'array') return Array.isArray(v) && (!spec.items || v.every((x) => fits({ type: [spec.items!] }, x)));
    return typeof v === t;
  });
  const llama = configs.find((c) => c.model_type === 'llama' && c.rope_scaling)!;
  const multimodal = configs.find((c) => c.model_type === 'idefics3')!;

  it('arbitrary JSON in every known field, at the top level: never throws, serialises, one diagnostic per wrong type', () => {
    fc.assert(fc.property(fc.constantFrom(...knownFields), anyValue, (name, value) => {
      const a = analyzeConfig({ ...llama, [name]: value });
      JSON.stringify(a);
      if (a.diagnostics.some((d) => d.code === 'too-deep')) { // deeper than Python's json reads: that is the one diagnostic
        expect(a.diagnostics).toHaveLength(1);
        return;
      }
      const spec = Object.hasOwn(valueTypes.fields, name) ? valueTypes.fields[name] : undefined;
      if (spec && !fits(spec, value)) expect(a.diagnostics.filter((d) => d.path === name).map((d) => d.code)).toEqual(['wrong-type']);
      if (spec && fits(spec, value)) expect(a.diagnostics.some((d) => d.path === name && d.code.startsWith('wrong-type'))).toBe(false);
    }), { numRuns: 1500 });
  });

  it('arbitrary JSON in every known field of text_config, rope_scaling and quantization_config: never throws', () => {
    const nestedKeys = [...Object.keys(valueTypes.nested.rope), ...Object.keys(valueTypes.nested.quantization_config)];
    fc.assert(fc.property(fc.constantFrom(...knownFields, ...nestedKeys), anyValue, fc.constantFrom('text_config', 'rope_scaling', 'quantization_config'), (name, value, where) => {
      const base = where === 'text_config' ? multimodal : llama;
      const inner = typeof base[where] === 'object' && base[where] !== null ? base[where] as object : {};
      const a = analyzeConfig({ ...base, [where]: { ...inner, [name]: value } });
      JSON.stringify(a);
      expect(new Set(a.diagnostics.filter((d) => d.code.startsWith('wrong-type')).map((d) => d.path)).size)
        .toBe(a.diagnostics.filter((d) => d.code.startsWith('wrong-type')).length);
    }), { numRuns: 1500 });
  });

  it('corrupted real texts give a line and column inside the text, never a throw', () => {
    const texts = corpusFolders().slice(0, 20).map((f) => corpusText(f));
    fc.assert(fc.property(fc.constantFrom(...texts), fc.nat(), fc.constantFrom(',', '}', '{', '"', ':', 'x', ''), (text, pos, insert) => {
      const at = pos % text.length;
      const broken = text.slice(0, at) + insert + text.slice(at + 1);
      const r = analyzeConfigText(broken, 'config.json');
      let valid = true;
      try { JSON.parse(broken); } catch { valid = false; }
      expect(r.ok).toBe(valid);
      if (!r.ok) {
        const lines = broken.split('\n');
        expect(r.line).toBeGreaterThanOrEqual(1);
        expect(r.line).toBeLessThanOrEqual(lines.length);
        expect(r.column).toBeGreaterThanOrEqual(1);
        expect(r.message.startsWith(`config.json:${r.line}:${r.column}: `)).toBe(true);
      }
    }), { numRuns: 400 });
  });
});
