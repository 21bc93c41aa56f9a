import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configView, textModelType } from './configView';
import { expectedMatcher, expectedTensors, familyForModelType, joinExpected, type ExpectedJoin } from './families';
import { templateMatcher, type TemplateRows } from './templateMatcher';

const CORPUS = join(__dirname, '../../fixtures/corpus');

/** What the join must say about each name, whichever way it was built. */
function answers(j: ExpectedJoin, names: readonly string[], probes: readonly string[]) {
  return { hits: [...j.hits], tensorOf: [...j.tensorOf], last: [...j.last], rowOf: probes.map((p) => j.rowOf(p)) };
}

/** Names near the expected ones: numbers changed, padded, dropped or added; pieces cut or grown. */
const edit = (name: string) =>
  fc.oneof(
    fc.constant(name),
    fc.nat(300).map((n) => name.replace(/\d+/, String(n))),
    fc.nat(300).map((n) => name.replace(/\d+(?!.*\d)/, String(n))),
    fc.constant(name.replace(/(\d+)/, '0$1')),
    fc.constant(name.replace(/\.\d+\./, '.')),
    fc.constant(name + '0'),
    fc.constant('x' + name),
    fc.constant(name.slice(0, -1)),
    fc.constant(name.replace('.', '.1.')),
    fc.constant(name.replace(/\d+/, '99999999999')),
    fc.constant(name.replace('e', 'é')),
  );

describe('the template matcher joins exactly as the map of expected names', () => {
  const cases: { folder: string; list: ReturnType<typeof expectedTensors> }[] = [];
  for (const folder of readdirSync(CORPUS)) {
    const path = join(CORPUS, folder, 'config.json');
    if (!existsSync(path)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    const family = familyForModelType(textModelType(raw));
    if (!family) continue;
    cases.push({ folder, list: expectedTensors(family, configView(raw), { p: family.base, r: '' }) });
  }

  it('for every corpus config of a known family, on expected names and names near them', () => {
    let fast = 0;
    for (const { folder, list } of cases) {
      const expected = list.map((t) => t.name);
      const sample = expected.filter((_, k) => k % Math.max(1, Math.floor(expected.length / 400)) === 0);
      fc.assert(
        fc.property(fc.array(fc.oneof(...sample.slice(0, 60).map(edit)), { maxLength: 30 }), (noise) => {
          // Unique checkpoint names, as the readers guarantee: some expected, some near misses.
          const names = [...new Set([...sample, ...noise])];
          const byName = new Map(names.map((n, r) => [n, r]));
          const viaTemplates = joinExpected(list, [...names], byName);
          const viaMap = joinExpected(list, [...names]);
          expect(answers(viaTemplates, names, noise), folder).toEqual(answers(viaMap, names, noise));
        }),
        { numRuns: 15 },
      );
      // The matcher declines a list where a match could not be exact; count the ones it serves.
      if (expectedMatcher(list)) fast++;
    }
    expect(cases.length).toBeGreaterThan(20);
    expect(fast, 'every family of the corpus is matched from its templates').toBe(cases.length);
  });
});

describe('templateMatcher: the row of a name is its index in the expected list', () => {
  // Built as buildExpected lays rows out: per template, per layer (when true), per expert.
  function listOf(specs: { name: string; layers: boolean[]; experts: number }[], layerCount: number) {
    const names: string[] = [];
    const rows: TemplateRows[] = specs.map(({ name, layers, experts }) => {
      const perLayer = name.includes('{i}');
      const t: TemplateRows = { name, perLayer, base: [], count: [] };
      for (let i = 0; i < (perLayer ? layerCount : 1); i++) {
        t.base.push(-1);
        t.count.push(0);
        if (!layers[i % layers.length]) continue;
        t.base[i] = names.length;
        const layerName = perLayer ? name.replace('{i}', String(i)) : name;
        const j0 = layerName.indexOf('{j}');
        if (j0 >= 0) for (let j = 0; j < experts; j++) names.push(layerName.slice(0, j0) + j + layerName.slice(j0 + 3));
        else names.push(layerName);
        t.count[i] = names.length - t.base[i];
      }
      return t;
    });
    return { rows, names };
  }
  const piece = fc.stringMatching(/^[a-z_.]{0,6}$/);
  const digits = fc.stringMatching(/^[0-9]{1,3}$/);
  const template = fc
    .array(fc.oneof(piece, digits, fc.constant('{i}'), fc.constant('{j}'), fc.constant('é')), { minLength: 1, maxLength: 7 })
    .map((parts) => parts.join(''));
  const spec = fc.record({ name: template, layers: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }), experts: fc.nat(4) });
  // A name near an expected one: a number changed or padded, a character added, dropped or replaced.
  const mutate = (name: string) =>
    fc.oneof(
      fc.nat(40).map((n) => name.replace(/\d+/, String(n))),
      fc.constant(name.replace(/\d+/, (d) => '0' + d)),
      fc.constant(name.replace(/\d+(?!.*\d)/, (d) => d + '0')),
      fc.constant(name.slice(1)),
      fc.constant(name + '7'),
      fc.constant(name.replace(/[a-z]/, 'é')),
      fc.constant('1' + name),
    );

  it('for generated templates: expected names, names near them and random ones', () => {
    let built = 0;
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 12 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }), (specs, layerCount, random) => {
        const { rows, names } = listOf(specs, layerCount);
        const matcher = templateMatcher(rows, names);
        if (!matcher) return; // declined: the map of expected names joins this list
        built++;
        // When built, the expected names are distinct: a name's first index is its only one.
        expect(new Set(names).size).toBe(names.length);
        const near = names.slice(0, 20).flatMap((n) => fc.sample(mutate(n), 2));
        for (const name of [...names, ...near, ...random]) expect(matcher(name), name).toBe(names.indexOf(name));
      }),
      { numRuns: 400, seed: 13 },
    );
    expect(built, "lists the matcher serves").toBeGreaterThan(50);
  });

  it('declines lists where a name could be found at the wrong row or not at all', () => {
    const declined = (...names: string[]) => templateMatcher(listOf(names.map((name) => ({ name, layers: [true], experts: 2 })), 3).rows, []) === null;
    expect(declined('a.{i}1.w')).toBe(true); // `{i}` then a digit: layer 1 + "1" reads as 11
    expect(declined('a.1{j}.w')).toBe(true);
    expect(declined('a.{i}{j}.w')).toBe(true);
    expect(declined('a.{i}.w', 'a.{i}.w')).toBe(true); // two templates naming the same tensors
    expect(declined('a.{i}.w', 'a.2.w')).toBe(true); // the fixed number is one of the layers
    expect(declined('a.{i}.w1', 'a.{i}.w2')).toBe(false); // told apart by their own numbers
    expect(declined('a.{i}.x.{j}.w', 'a.{i}.y.{j}.w', 'n.w')).toBe(false);
  });

  it('reads layer and expert numbers as String(n) writes them', () => {
    const { rows, names } = listOf([{ name: 'm.layers.{i}.experts.{j}.w', layers: [true, false], experts: 3 }, { name: 'm.norm', layers: [true], experts: 0 }], 12);
    const matcher = templateMatcher(rows, names)!;
    expect(matcher('m.layers.10.experts.2.w')).toBe(names.indexOf('m.layers.10.experts.2.w'));
    expect(matcher('m.layers.010.experts.2.w')).toBe(-1); // leading zero
    expect(matcher('m.layers.11.experts.0.w')).toBe(-1); // a layer whose `when` is false
    expect(matcher('m.layers.12.experts.0.w')).toBe(-1); // past the last layer
    expect(matcher('m.layers.2.experts.3.w')).toBe(-1); // past the last expert
    expect(matcher('m.layers.99999999999.experts.0.w')).toBe(-1);
    expect(matcher('m.norm')).toBe(names.length - 1);
  });
});
