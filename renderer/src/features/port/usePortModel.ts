import { useEffect, useMemo, useRef } from 'react';
import { analyzeConfig, parseConfigText } from '@shared/config/analyze';
import type { GeneratedPackageResult } from '@shared/codegen';
import type { OpenedCheckpoint } from '@shared/api/types';
import type { ConfigAnalysis } from '@shared/config/types';
import { configView, textModelType } from '@shared/weights/configView';
import { buildWeightsReport } from '@shared/weights/report';
import type { WeightsReport } from '@shared/weights/types';
import { evaluateChecklist } from '@shared/checklist/evaluate';
import type { Gathered } from '@shared/checklist/findings';
import { gatherMapFields } from '@shared/checklist/mapFields';
import { gatherMapWeights } from '@shared/checklist/mapWeights';
import { packageTodos } from '@shared/checklist/todos';
import type { StepId } from '@shared/checklist/steps';
import type { Evidence } from '@shared/project/schema';
import type { PortStep, PortView } from '@shared/project/types';
import { generateWithRegisteredName, registeredNameOf } from '@shared/project/registeredName';
import { usePortStore } from './portStore';
import { useProjectStore } from '../project/projectStore';
import { inspectWeights, noWeightsReason } from '../weights/weightsActions';
import { useWeightsStore, type WeightsEntry } from '../weights/weightsStore';

const ANALYSE_DELAY_MS = 150;

export interface ConfigParseError {
  message: string;
  line: number;
  column: number;
  offset: number;
}

export interface PortModel {
  parseError: ConfigParseError | null;
  analysis: ConfigAnalysis | null;
  /** A fresh generation from the config as edited (the preview; on a written port, what Write would give). */
  generated: GeneratedPackageResult | null;
  generateError: string | null;
  /** The checklist: the port's recorded evidence when a port is open, else the live preview's. */
  steps: PortStep[];
  /**
   * What Problems and the config markers list: the steps, except that while config.json is edited
   * and not written, map-fields and map-weights are judged live on the editor's text (so a quick
   * fix shows at once; the rail keeps saying what is on disk).
   */
  problemSteps: PortStep[];
  /** The port open for this checkpoint, or null. */
  port: PortView | null;
  /** config.json edited since the port was written: the steps describe the port on disk, not the editor. */
  unsaved: boolean;
  /** While config.json does not parse: the last package generated from text that did (shown dimmed). */
  lastGood: GeneratedPackageResult | null;
}

/**
 * Everything derived from the config text: parse, analysis, the generated package and the steps.
 * Pure shared/ code running in the renderer, so it follows the user's typing (debounced). With a port
 * open, the steps are the port's own (`bringup status` decides them the same way).
 */
export function usePortModel(): PortModel {
  const checkpoint = usePortStore((s) => s.checkpoint);
  const configText = usePortStore((s) => s.configText);
  const analysedText = usePortStore((s) => s.analysedText);
  const setAnalysedText = usePortStore((s) => s.setAnalysedText);
  const maxVersion = usePortStore((s) => s.maxVersion);
  const port = useProjectStore((s) => (s.port && checkpoint && s.port.checkpoint?.source === checkpoint.source ? s.port : null));
  const weightsEntry = useWeightsStore((s) => (checkpoint ? s.entries[checkpoint.source] : undefined));
  // The last package generated from a config that parsed: shown (dimmed) while the text is broken.
  const lastGood = useRef<{ source: string; generated: GeneratedPackageResult } | null>(null);

  // Evidence on disk is gathered, not hidden: a local checkpoint's weight headers are read on open
  // (headers only; a Hub checkpoint waits for the Weights tab, as range requests cost the network).
  useEffect(() => {
    if (checkpoint && (checkpoint.kind === 'local' || checkpoint.kind === 'cache') && !noWeightsReason(checkpoint)) void inspectWeights(checkpoint.source);
  }, [checkpoint]);

  useEffect(() => {
    if (configText === analysedText) return;
    const timer = setTimeout(() => setAnalysedText(configText), ANALYSE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [configText, analysedText, setAnalysedText]);

  const base = useMemo(() => {
    const staleFor = (source: string | undefined) => (source !== undefined && lastGood.current?.source === source ? lastGood.current.generated : null);
    const withSteps = (m: Omit<PortModel, 'steps' | 'problemSteps' | 'port' | 'unsaved' | 'lastGood'>, live: Partial<Record<StepId, Gathered>>, todo: Partial<Record<StepId, string>> = {}) => {
      const liveSteps = evaluateChecklist({ evidence: liveEvidence(live), todo });
      return { ...m, port, steps: port ? port.status.steps : liveSteps, liveSteps, lastGood: m.generated ? null : staleFor(checkpoint?.source) };
    };
    if (!checkpoint) return withSteps({ parseError: null, analysis: null, generated: null, generateError: null }, {});
    if (checkpoint.configText === null) {
      const message = `${checkpoint.label}: no config.json in this checkpoint`;
      return withSteps({ parseError: { message, line: 1, column: 1, offset: 0 }, analysis: null, generated: null, generateError: null }, { 'map-fields': gatherMapFields({ configError: message }) });
    }
    const parsed = parseConfigText(analysedText, 'config.json');
    if (!parsed.ok) {
      const parseError: ConfigParseError = { message: parsed.message, line: parsed.line, column: parsed.column, offset: parsed.offset };
      return withSteps({ parseError, analysis: null, generated: null, generateError: null }, { 'map-fields': gatherMapFields({ configError: parsed.message }) });
    }
    const analysis: ConfigAnalysis = analyzeConfig(parsed.value, { source: checkpoint.source, files: checkpoint.files.map((f) => f.path) });
    const report = weightsEntry?.status === 'ready' ? weightsEntry.report : null;
    let generated: GeneratedPackageResult | null = null;
    let generateError: string | null = null;
    try {
      // Once the weight headers are read, the preview uses their renames, as writing the port does; a port keeps its registered name.
      const known = report?.mapping.known ? { weightRenames: report.mapping.renames, weightsFormat: report.format } : {};
      generated = generateWithRegisteredName({ analysis, config: parsed.value, ...(maxVersion ? { maxVersion } : {}), ...(port?.project.archName ? { archName: port.project.archName } : {}), ...known });
    } catch (err) {
      generateError = (err as Error).message;
    }
    if (generated) lastGood.current = { source: checkpoint.source, generated };
    const todos = generated ? packageTodos(generated.files).filter((t) => t.feature).length : 0;
    return withSteps(
      { parseError: null, analysis, generated, generateError },
      { 'map-fields': gatherMapFields({ analysis, generated, generateError }), ...liveWeights(checkpoint, weightsEntry, parsed.value, analysis) },
      {
        'build-layers': `Write the port, then implement what its TODOs name (the preview has ${todos} TODO${todos === 1 ? '' : 's'} naming a missing feature)`,
        register: `Write the port: arch.py registers ${generated ? registeredNameOf(generated) : 'the architecture'}, and checkpoint/ gives max serve a config.json that names it`,
      },
    );
  }, [checkpoint, analysedText, port, weightsEntry, maxVersion]);

  // Typing only changes whether the port's config is edited; the analysis above follows the debounced text.
  const unsaved = !!port && port.configText !== null && configText !== port.configText;
  return useMemo(() => {
    const { liveSteps, ...model } = base;
    const problemSteps = port && unsaved ? model.steps.map((s) => (s.id === 'map-fields' || s.id === 'map-weights' ? liveSteps.find((l) => l.id === s.id)! : s)) : model.steps;
    return { ...model, unsaved, problemSteps };
  }, [base, port, unsaved]);
}


function liveWeights(checkpoint: OpenedCheckpoint, entry: WeightsEntry | undefined, config: unknown, analysis: ConfigAnalysis): Partial<Record<StepId, Gathered>> {
  const none = noWeightsReason(checkpoint);
  if (none) return { 'map-weights': gatherMapWeights({ noWeights: none }) };
  if (entry?.status === 'ready') return { 'map-weights': gatherMapWeights({ report: againstConfig(entry.report, config, analysis, checkpoint) }) };
  if (entry?.status === 'error') return { 'map-weights': gatherMapWeights({ error: entry.message }) };
  return {};
}

/**
 * The weights report judged against the config as edited: the headers stay as read, the cross-check
 * and the name map are computed again (pure shared/weights code), so a quick fix shows at once.
 */
function againstConfig(report: WeightsReport, config: unknown, analysis: ConfigAnalysis, checkpoint: OpenedCheckpoint): WeightsReport {
  if (checkpoint.configText !== null && JSON.stringify(config) === JSON.stringify(safeParse(checkpoint.configText))) return report;
  const { source, format, files, tensors, metadata } = report;
  return buildWeightsReport({ source, format, files, tensors, metadata, warnings: [] }, { config: configView(config), modelType: textModelType(config), donor: analysis.baseline.folder });
}

const safeParse = (text: string): unknown => {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
};

/** The preview's gathered evidence, with no inputs on disk (it cannot go stale). */
function liveEvidence(live: Partial<Record<StepId, Gathered>>): Partial<Record<StepId, Evidence>> {
  const at = new Date().toISOString();
  return Object.fromEntries(Object.entries(live).map(([id, g]) => [id, { at, inputs: {}, ok: g!.ok, detail: g!.detail, data: g!.data }]));
}
