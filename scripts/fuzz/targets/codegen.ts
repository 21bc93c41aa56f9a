/** shared/codegen generatePackage: the MAX package from a mutated real config and the options the UI and CLI pass. */
import fc from 'fast-check';
import { analyzeConfig } from '../../../shared/config/analyze';
import { maxArchitectures } from '../../../shared/config/kb';
import { generatePackage } from '../../../shared/codegen/generatePackage';
import { MAX_VERSIONS } from '../../../shared/codegen/knowledge';
import type { GeneratePackageInput } from '../../../shared/codegen/types';
import { corpusFiles, parsedJson, vocabulary } from '../corpus';
import { badInputError, defineTarget } from '../harness';
import { EDGE_STRINGS, mutatedJson, type Json } from '../mutate';

const configs = parsedJson(corpusFiles((name) => name.endsWith('/config.json')));
const vocab = vocabulary(configs);
const folders = [...new Set(maxArchitectures.map((a) => a.folder).filter((f): f is string => typeof f === 'string'))];
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const name = fc.oneof(fc.constantFrom(...vocab.strings.filter((s) => /For|Model/.test(s))), fc.constantFrom(...EDGE_STRINGS), fc.string({ maxLength: 12 }));

type CodegenInput = { doc: Json } & Omit<GeneratePackageInput, 'analysis' | 'config'>;

export const codegen = defineTarget({
  name: 'codegen.generatePackage',
  covers: 'shared/codegen/generatePackage.ts on analyzeConfig of mutated real configs, with random MAX version, name, donor and weight renames',
  cases: 1500,
  input: fc.record({
    doc: mutatedJson(configs, vocab, 3),
    maxVersion: maybe(fc.oneof(fc.constantFrom(...MAX_VERSIONS.map((v) => v.version)), fc.constantFrom(...EDGE_STRINGS))),
    archName: maybe(name),
    baselineFolder: maybe(fc.oneof(fc.constantFrom(...folders), fc.constantFrom(...EDGE_STRINGS))),
    weightRenames: maybe(fc.array(fc.record({ from: fc.oneof(fc.constantFrom('model.', 'layers.', 'self_attn', ''), fc.constantFrom(...EDGE_STRINGS)), to: fc.oneof(fc.constantFrom('', 'language_model.', 'attn'), fc.constantFrom(...EDGE_STRINGS)) }), { maxLength: 4 })),
    weightsFormat: maybe(fc.constantFrom('safetensors' as const, 'gguf' as const)),
    repoId: maybe(fc.oneof(fc.constantFrom('org/name', 'meta-llama/Llama-3.1-8B'), fc.constantFrom(...EDGE_STRINGS))),
  }, { requiredKeys: ['doc'] }),
  run({ doc, ...options }: CodegenInput) {
    const config: unknown = JSON.parse(JSON.stringify(doc) ?? 'null'); // exactly what JSON.parse gives the app
    return generatePackage({ ...options, analysis: analyzeConfig(config), config });
  },
  check(outcome) {
    if (!outcome.ok) return badInputError(outcome.error, /^[^:\n]{1,200}: /);
    const pkg = outcome.value;
    if (pkg.files.length !== 6) return `${pkg.files.length} files instead of 6`;
    for (const file of pkg.files) {
      if (typeof file.content !== 'string' || !file.content.length) return `${file.path} has no content`;
      const lineCount = file.content.split('\n').length;
      const bad = file.lines.find((l) => !Number.isInteger(l.line) || l.line < 1 || l.line > lineCount);
      if (bad) return `${file.path}: source map points at line ${bad.line} of ${lineCount} (${bad.configPath})`;
    }
    return null;
  },
  show: (input) => JSON.stringify(input).slice(0, 2000),
});
