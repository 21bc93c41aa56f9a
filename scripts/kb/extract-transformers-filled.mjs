#!/usr/bin/env node
// Which config fields transformers fills in itself when config.json leaves them out or null
// (LlamaConfig: head_dim None -> hidden_size // num_attention_heads), and which it leaves unset or None
// (MixtralConfig's head_dim): the difference decides whether a MAX donor's direct read of the field
// works on this checkpoint's AutoConfig. Read from the reference's per-model-type "derived" notes.
//   resources/kb/codegen/transformers-filled.json <- reference/transformers-defaults.json model_types
// Usage: node scripts/kb/extract-transformers-filled.mjs [path/to/shared/reference]   (run by hand; output committed)
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const candidates = process.argv[2] ? [resolve(process.argv[2])] : [join(repo, '..', 'shared', 'reference'), join(repo, '..', '..', 'shared', 'reference')];
const refDir = candidates.find((dir) => existsSync(join(dir, 'transformers-defaults.json')));
if (!refDir) {
  console.error(`extract-transformers-filled: no transformers-defaults.json under ${candidates.join(' or ')}`);
  process.exit(2);
}
const ref = JSON.parse(readFileSync(join(refDir, 'transformers-defaults.json'), 'utf8'));
// "None -> num_attention_heads", "always = qk_rope_head_dim", "v4: PretrainedConfig base default True": the class sets a value.
// "(in modeling)", "not a field", "not filled in config", "-> rope_parameters[...]": the attribute stays absent or None.
const NOT_FILLED = /modeling|not a field|not filled|no config field|^->|moved into/i;
const modelTypes = {};
for (const [modelType, entry] of Object.entries(ref.model_types)) {
  const fields = {};
  for (const [field, value] of Object.entries(entry.defaults ?? {})) {
    if (!value || typeof value !== 'object' || typeof value.derived !== 'string') continue;
    fields[field] = { filled: !NOT_FILLED.test(value.derived.trim()), how: value.derived };
  }
  if (Object.keys(fields).length) modelTypes[modelType] = { class: entry.class, readFrom: entry.read_from, fields };
}
const out = join(repo, 'resources', 'kb', 'codegen', 'transformers-filled.json');
writeFileSync(out + '.tmp', JSON.stringify({
  _source: {
    repo: 'huggingface/transformers',
    reference: 'reference/transformers-defaults.json model_types.*.defaults.*.derived (each model type names the file and commit it was read from: readFrom)',
    generatedBy: 'scripts/kb/extract-transformers-filled.mjs',
    note: 'filled: transformers sets a value on the config when config.json has none or null (so AutoConfig has it); false: the attribute stays absent or None',
  },
  modelTypes,
}, null, 1) + '\n');
renameSync(out + '.tmp', out);
console.log(`wrote ${out} (${Object.keys(modelTypes).length} model types)`);
