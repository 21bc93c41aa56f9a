#!/usr/bin/env node
// Extracts MAX's logits-validation knowledge from its own sources into resources/kb/logits/:
//   thresholds.json <- max/tests/integration/accuracy/logit_verification/logit_verification_config.yaml
//                      (every pipeline entry, with the YAML line it comes from), the defaults of
//                      accuracy/verify.py, and the thresholds the public doc suggests
//                      (docs/max/develop/logit-comparison.mdx);
//   prompts.json    <- test_common/test_data.py DEFAULT_PROMPTS and test_common/evaluate.py NUM_STEPS
//                      (what generate_llm_logits runs), plus the doc script's own prompts and steps.
// Usage: node scripts/kb/extract-logit-thresholds.mjs [path/to/max-src]   (default ../shared/reference/max-src)
// Run by hand after the MAX source changes; the output is committed and is what the app reads.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The repo sits beside shared/ (a worktree one level deeper).
const src = resolve(process.argv[2] ?? [join(root, '..', 'shared', 'reference', 'max-src'), join(root, '..', '..', 'shared', 'reference', 'max-src')].find(existsSync) ?? join(root, '..', 'shared', 'reference', 'max-src'));
const outDir = join(root, 'resources', 'kb', 'logits');
const REPO = 'modular/modular';
const COMMIT = 'c7fec4f865c841f615e773392c2253f336c4c85f';
const INTEGRATION = 'max/tests/integration';
const CONFIG = `${INTEGRATION}/accuracy/logit_verification/logit_verification_config.yaml`;
const VERIFY = `${INTEGRATION}/accuracy/verify.py`;
const VERIFY_UTILS = `${INTEGRATION}/test_common/verify_utils.py`;
const DOC = 'docs/max/develop/logit-comparison.mdx';
const DOC_SCRIPT = 'docs/max/develop/_examples/logit-comparison/logit_comparison.py';
const TEST_DATA = `${INTEGRATION}/test_common/test_data.py`;
const EVALUATE = `${INTEGRATION}/test_common/evaluate.py`;

const read = (path) => readFileSync(join(src, path), 'utf8');
const lineOf = (text, pattern) => {
  const i = text.split('\n').findIndex((l) => pattern.test(l));
  if (i < 0) throw new Error(`pattern ${pattern} not found`);
  return i + 1;
};
/** `NAME = <number>` at the top level of a Python file, with its line. */
function pyConstant(path, name) {
  const text = read(path);
  const m = new RegExp(`^${name}\\s*=\\s*([0-9.eE+-]+)\\s*$`, 'm').exec(text);
  if (!m) throw new Error(`${path}: ${name} not found`);
  return { value: Number(m[1]), line: lineOf(text, new RegExp(`^${name}\\s*=`)) };
}

// ---------------------------------------------------------------- thresholds
const yamlText = read(CONFIG);
const lines = new LineCounter();
const doc = parseDocument(yamlText, { lineCounter: lines });
const pipelinesNode = doc.get('logit_verification_pipelines', true);
if (!isMap(pipelinesNode)) throw new Error(`${CONFIG}: logit_verification_pipelines is not a map`);
const num = (v) => (v === undefined || v === null ? null : Number(v));
const pipelines = pipelinesNode.items.map((item) => {
  if (!isScalar(item.key)) throw new Error(`${CONFIG}: a pipeline key is not a scalar`);
  const key = String(item.key.value);
  const e = item.value.toJSON();
  const line = lines.linePos(item.key.range[0]).line;
  const image = e.ssim_threshold !== undefined || e.lpips_threshold !== undefined;
  return {
    key,
    pipeline: e.pipeline,
    encoding: e.encoding,
    kl: num(e.kl_div_threshold),
    cosDist: num(e.cos_dist_threshold),
    atol: num(e.absolute_tolerance),
    rtol: num(e.relative_tolerance),
    ...(image ? { images: { ssim: num(e.ssim_threshold), lpips: num(e.lpips_threshold) } } : {}),
    compatibleWith: e.compatible_with ?? [],
    tags: e.tags ?? [],
    line,
  };
});

const verifyText = read(VERIFY);
const verifyDefaults = {
  kl: pyConstant(VERIFY, 'DEFAULT_KL_DIV_THRESHOLD'),
  cosDist: pyConstant(VERIFY, 'DEFAULT_COS_DIST_THRESHOLD'),
  atol: pyConstant(VERIFY, 'DEFAULT_ABSOLUTE_TOLERANCE'),
  rtol: pyConstant(VERIFY, 'DEFAULT_RELATIVE_TOLERANCE'),
};
const verdictLine = lineOf(verifyText, /test_passed = report\.max_kl_div <= kl_div_threshold/);

// The doc states its suggestions in prose: "Aim for a cosine distance of `<= 1e-3`" and
// "The maximum KL divergence should typically be `<= 1e-2`".
const docText = read(DOC);
const docCos = /Aim for a cosine distance of `<= ([0-9.e+-]+)`/.exec(docText);
const docKl = /maximum KL divergence should typically be `<= ([0-9.e+-]+)`/.exec(docText);
if (!docCos || !docKl) throw new Error(`${DOC}: the suggested thresholds were not found`);

const epsUtils = /def _smooth_probs\([\s\S]*?eps: float = ([0-9.e+-]+)/.exec(read(VERIFY_UTILS));
const epsDoc = /def smooth_softmax\(logits: np\.ndarray, eps: float = ([0-9.e+-]+)\)/.exec(read(DOC_SCRIPT));
if (!epsUtils || !epsDoc) throw new Error('eps not found');

const source = (path, extra = {}) => ({ repo: REPO, commit: COMMIT, path, ...extra });
const thresholds = {
  _source: {
    ...source(CONFIG),
    generatedBy: 'scripts/kb/extract-logit-thresholds.mjs',
    reference: 'max-facts.md §5.1, §5.2 (verify.py, verify_pipelines.py, logit_verification_config.yaml)',
    fields: {
      'pipelines[].key': 'the entry name in logit_verification_pipelines',
      'pipelines[].pipeline, encoding': 'pipeline, encoding',
      'pipelines[].kl, cosDist, atol, rtol': 'kl_div_threshold, cos_dist_threshold, absolute_tolerance, relative_tolerance (null when the entry leaves it out)',
      'pipelines[].images': 'ssim_threshold, lpips_threshold: an image pipeline, not verified on logits',
      'pipelines[].line': 'the line of the entry in the YAML',
    },
  },
  eps: { value: Number(epsUtils[1]), sources: [source(VERIFY_UTILS, { symbol: 'KLDivergenceValidator._smooth_probs' }), source(DOC_SCRIPT, { symbol: 'smooth_softmax' })] },
  docs: {
    kl: Number(docKl[1]),
    cosDist: Number(docCos[1]),
    source: source(DOC, { line: lineOf(docText, /maximum KL divergence should typically be/), note: 'suggested: maximum KL <= 1e-2, cosine distance <= 1e-3' }),
  },
  verify: {
    kl: verifyDefaults.kl.value,
    cosDist: verifyDefaults.cosDist.value,
    atol: verifyDefaults.atol.value,
    rtol: verifyDefaults.rtol.value,
    source: source(VERIFY, { line: verifyDefaults.kl.line, note: 'DEFAULT_* constants; verify() falls back to them (val_or) when a threshold is None' }),
    verdict: source(VERIFY, { line: verdictLine, note: 'LLM logits pass when max KL over all prompts and steps <= kl_div_threshold; other metrics are only printed' }),
  },
  pipelines,
};

// ---------------------------------------------------------------- prompts
// DEFAULT_PROMPTS = [LONG_TEXT_PROMPT, *SHORT_TEXT_PROMPTS]: the literals, evaluated by Python's own
// parser (ast.literal_eval), never executed.
const py = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
found = {}
for node in tree.body:
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        name = node.targets[0].id
        if name in ("LONG_TEXT_PROMPT", "SHORT_TEXT_PROMPTS"):
            found[name] = {"value": ast.literal_eval(node.value), "line": node.lineno}
        if name == "DEFAULT_PROMPTS":
            found[name] = {"line": node.lineno, "expr": ast.unparse(node.value)}
print(json.dumps(found))
`;
const literals = JSON.parse(execFileSync('python3', ['-c', py, join(src, TEST_DATA)], { encoding: 'utf8' }));
if (literals.DEFAULT_PROMPTS?.expr !== '[LONG_TEXT_PROMPT, *SHORT_TEXT_PROMPTS]') throw new Error(`${TEST_DATA}: DEFAULT_PROMPTS changed shape: ${literals.DEFAULT_PROMPTS?.expr}`);
const docScript = read(DOC_SCRIPT);
const docPrompts = JSON.parse(execFileSync('python3', ['-c', `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding="utf-8").read())
out = {}
for node in tree.body:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id in ("PROMPTS", "NUM_STEPS"):
        out[node.targets[0].id] = ast.literal_eval(node.value)
print(json.dumps(out))
`, join(src, DOC_SCRIPT)], { encoding: 'utf8' }));
const steps = pyConstant(EVALUATE, 'NUM_STEPS');
const prompts = {
  _source: {
    ...source(TEST_DATA, { line: literals.DEFAULT_PROMPTS.line, symbol: 'DEFAULT_PROMPTS = [LONG_TEXT_PROMPT, *SHORT_TEXT_PROMPTS]' }),
    generatedBy: 'scripts/kb/extract-logit-thresholds.mjs',
    reference: 'max-facts.md §5.2 (generate_llm_logits prompts and steps)',
  },
  defaultPrompts: [literals.LONG_TEXT_PROMPT.value, ...literals.SHORT_TEXT_PROMPTS.value],
  numSteps: { value: steps.value, source: source(EVALUATE, { line: steps.line, symbol: 'NUM_STEPS' }) },
  docScript: {
    prompts: docPrompts.PROMPTS,
    numSteps: docPrompts.NUM_STEPS,
    source: source(DOC_SCRIPT, { line: lineOf(docScript, /^PROMPTS = \[/) }),
  },
};

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'thresholds.json'), JSON.stringify(thresholds, null, 2) + '\n');
writeFileSync(join(outDir, 'prompts.json'), JSON.stringify(prompts, null, 2) + '\n');
console.log(`thresholds.json: ${pipelines.length} pipelines (${pipelines.filter((p) => p.kl !== null).length} with a KL threshold); prompts.json: ${prompts.defaultPrompts.length} prompts, ${steps.value} steps`);
