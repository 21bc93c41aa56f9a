/** config.json: the strict parser, and parse + analysis as every port step runs them. */
import fc from 'fast-check';
import { parseConfigText } from '../../../shared/config/parse';
import { analyzeForPort } from '../../../shared/config/analyzeForPort';
import { corpusFiles, parsedJson, text, vocabulary } from '../corpus';
import { badInputError, defineTarget, notJsonSafe, showText } from '../harness';
import { mutatedJson, mutatedText, serialized } from '../mutate';

const configFiles = corpusFiles((name) => /(^|\/)(config|generation_config|quantize_config)\.json$/.test(name));
const configs = parsedJson(configFiles.filter((f) => f.name.endsWith('/config.json')));
const vocab = vocabulary(configs);

/** Real config.json files, whole, then each mutated as a JSON document. */
export const configTexts = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...configFiles.map(text)) },
  { weight: 4, arbitrary: serialized(mutatedJson(configs, vocab)) },
);

/** File lists a checkpoint may hold (they switch on file-based diagnostics). */
const fileLists = fc.option(fc.subarray(['config.json', 'model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin', 'quantize_config.json', 'model.gguf', 'tokenizer.json', '../escape', '']), { nil: undefined });

const LABEL = 'config.json';

export const configParse = defineTarget({
  name: 'config.parse',
  covers: 'shared/config/parse.ts parseConfigText on text-level edits of real config.json files',
  cases: 3000,
  input: fc.oneof({ weight: 3, arbitrary: mutatedText(configTexts) }, { weight: 1, arbitrary: configTexts }),
  run: (input: string) => parseConfigText(input, LABEL),
  check(outcome, input) {
    if (!outcome.ok) return `threw instead of returning { ok: false }: ${badInputError(outcome.error, /^$/)}`;
    const result = outcome.value;
    let strict: boolean;
    try {
      JSON.parse(input.replace(/^\uFEFF/, ''));
      strict = true;
    } catch {
      strict = false;
    }
    if (result.ok) return strict ? null : 'accepted text that JSON.parse rejects';
    // Strict like Python's json module: valid JSON is refused only when nested past its recursion limit.
    if (strict && !/: nested more than \d+ levels deep: /.test(result.message)) return `rejected valid JSON: ${result.message}`;
    const m = /^config\.json:(\d+):(\d+): \S/.exec(result.message);
    if (!m) return `message does not start with config.json:LINE:COLUMN: ${JSON.stringify(result.message.slice(0, 200))}`;
    if (/[\r\n]/.test(result.message)) return `message is not one line: ${JSON.stringify(result.message)}`;
    if (Number(m[1]) !== result.line || Number(m[2]) !== result.column) return `message says ${m[1]}:${m[2]} but the result says ${result.line}:${result.column}`;
    if (!(result.offset >= 0 && result.offset <= input.length)) return `offset ${result.offset} is outside the text (${input.length} chars)`;
    return null;
  },
  show: showText,
});

export const configAnalyze = defineTarget({
  name: 'config.analyze',
  covers: 'shared/config analyzeForPort (parse + analyzeConfig) on mutated real configs, with and without a file list',
  cases: 2500,
  input: fc.record({ text: fc.oneof({ weight: 4, arbitrary: configTexts }, { weight: 1, arbitrary: mutatedText(configTexts, 1) }), files: fileLists }),
  run: ({ text, files }: { text: string; files?: string[] }) => analyzeForPort(text, LABEL, { files }),
  check(outcome) {
    if (!outcome.ok) return badInputError(outcome.error, /^config\.json(:\d+:\d+)?: \S/);
    const { analysis, config } = outcome.value;
    const estimate = analysis.parameterEstimate;
    if (estimate != null && !(Number.isSafeInteger(estimate) && estimate > 0)) return `parameterEstimate ${estimate} is not a parameter count`;
    // JSON's 1e400 reads as Infinity (in Python too) and the analysis may echo it; it must add none of its own.
    return notJsonSafe(config) ? null : notJsonSafe(analysis, 'analysis');
  },
  show: ({ text, files }) => `files ${JSON.stringify(files)}, text ${showText(text)}`,
});
