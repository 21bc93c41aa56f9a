/**
 * Which thresholds judge a comparison (CLI-CONTRACT.md `bringup logits`): the user's, else MAX's
 * logit verification config for a pipeline and encoding, else the public doc's suggestions. All of
 * them are data from MAX's sources (resources/kb/logits/thresholds.json, with provenance).
 */
import { BringupError } from '../errors';
import kb from '../../resources/kb/logits/thresholds.json';
import type { Thresholds } from './types';

export interface PipelineThresholds {
  key: string;
  pipeline: string;
  encoding: string;
  kl: number | null;
  cosDist: number | null;
  atol: number | null;
  rtol: number | null;
  images?: { ssim: number | null; lpips: number | null };
  compatibleWith: string[];
  tags: string[];
  line: number;
}

export const THRESHOLD_KB = kb as { eps: { value: number }; docs: { kl: number; cosDist: number }; verify: { kl: number; cosDist: number }; pipelines: PipelineThresholds[]; _source: { repo: string; commit: string; path: string } };

export const DOCS_THRESHOLDS: Thresholds = {
  kl: THRESHOLD_KB.docs.kl,
  cosDist: THRESHOLD_KB.docs.cosDist,
  source: 'docs',
  provenance: 'docs/max/develop/logit-comparison.mdx: maximum KL <= 1e-2, cosine distance <= 1e-3',
};

export interface ThresholdRequest {
  kl?: number;
  cosDist?: number;
  pipeline?: string;
  encoding?: string;
}

/** The pipelines MAX verifies on logits (for pickers): every entry that is not an image pipeline. */
export function logitPipelines(): PipelineThresholds[] {
  return THRESHOLD_KB.pipelines.filter((p) => !p.images);
}

/** The config entry for a pipeline (its key, or its HF id with the encoding), or a usage error that says what exists. */
export function findPipeline(name: string, encoding?: string): PipelineThresholds {
  const all = THRESHOLD_KB.pipelines;
  const lower = name.toLowerCase();
  const byKey = all.find((p) => p.key === name) ?? all.find((p) => p.key.toLowerCase() === lower);
  if (byKey) {
    if (encoding && byKey.encoding !== encoding) throw new BringupError('usage', `--pipeline ${name} is MAX's entry for ${byKey.encoding}, not ${encoding}`);
    return byKey;
  }
  const byId = all.filter((p) => p.pipeline.toLowerCase() === lower);
  if (!byId.length) {
    const near = all.filter((p) => p.pipeline.toLowerCase().includes(lower.split('/').pop() ?? lower)).map((p) => p.key);
    throw new BringupError('usage', `--pipeline ${name}: not in MAX's logit verification config (${all.length} entries${near.length ? `; similar: ${near.slice(0, 5).join(', ')}` : ''})`);
  }
  const matching = encoding ? byId.filter((p) => p.encoding === encoding) : byId;
  if (!matching.length) throw new BringupError('usage', `--pipeline ${name} has no entry for --encoding ${encoding} (MAX verifies it at ${[...new Set(byId.map((p) => p.encoding))].join(', ')})`);
  if (new Set(matching.map((p) => p.encoding)).size > 1) throw new BringupError('usage', `--pipeline ${name} has entries for ${[...new Set(matching.map((p) => p.encoding))].join(', ')}: give --encoding`);
  return matching[0];
}

const configPath = (p: PipelineThresholds) => `${THRESHOLD_KB._source.path}:${p.line} (${p.key})`;

/** The thresholds for a request: the user's where given, else the pipeline's, else the doc's. */
export function resolveThresholds(request: ThresholdRequest): Thresholds {
  let base: Thresholds = DOCS_THRESHOLDS;
  if (request.pipeline) {
    const p = findPipeline(request.pipeline, request.encoding);
    if (p.images) throw new BringupError('usage', `--pipeline ${p.key} is an image pipeline: MAX verifies it by SSIM/LPIPS, not logits`);
    if (p.kl === null && p.cosDist === null) throw new BringupError('usage', `--pipeline ${p.key} has no thresholds in MAX's config (verify_pipelines refuses it too)`);
    // verify() replaces a missing KL threshold by its default (val_or), and that decides the verdict.
    base = {
      kl: p.kl ?? THRESHOLD_KB.verify.kl,
      cosDist: p.cosDist,
      source: `max:${p.pipeline}@${p.encoding}`,
      provenance: p.kl === null ? `${configPath(p)} sets no kl_div_threshold: verify.py's default ${THRESHOLD_KB.verify.kl} decides` : configPath(p),
    };
  } else if (request.encoding) {
    throw new BringupError('usage', '--encoding selects MAX\'s thresholds for a --pipeline; give --pipeline too');
  }
  if (request.kl === undefined && request.cosDist === undefined) return base;
  return {
    kl: request.kl ?? base.kl,
    cosDist: request.cosDist ?? base.cosDist,
    source: 'user',
    provenance: [request.kl !== undefined ? `KL ${request.kl} given` : `KL from ${base.source}`, request.cosDist !== undefined ? `cosine ${request.cosDist} given` : `cosine from ${base.source}`].join('; '),
  };
}
