import { useEffect, useMemo, useRef } from 'react';
import { analyzeConfig, parseConfigText } from '@shared/config/analyze';
import { generatePackage } from '@shared/codegen';
import type { ConfigAnalysis } from '@shared/config/types';
import { evaluateSteps } from '@shared/checklist/evaluate';
import { usePortStore } from './portStore';
import { useProjectStore } from '../project/projectStore';
import { useWeightsStore } from '../weights/weightsStore';

const ANALYSE_DELAY_MS = 150;

export interface ConfigParseError {
  message: string;
  line: number;
  column: number;
  offset: number;
}

/**
 * Everything derived from the config text: parse, analysis, the generated package and the steps.
 * Pure shared/ code running in the renderer, so it follows the user's typing (debounced).
 */
export function usePortModel() {
  const checkpoint = usePortStore((s) => s.checkpoint);
  const configText = usePortStore((s) => s.configText);
  const analysedText = usePortStore((s) => s.analysedText);
  const setAnalysedText = usePortStore((s) => s.setAnalysedText);
  const maxVersion = usePortStore((s) => s.maxVersion);
  const written = useProjectStore((s) => (s.result && s.resultSource === checkpoint?.source ? s.result : null));
  const writtenDir = useProjectStore((s) => (checkpoint ? s.dirs[checkpoint.source] : undefined));
  const weightsEntry = useWeightsStore((s) => (checkpoint ? s.entries[checkpoint.source] : undefined));
  // The last package generated from a config that parsed: shown (dimmed) while the text is broken.
  const lastGood = useRef<{ source: string; generated: ReturnType<typeof generatePackage> } | null>(null);

  useEffect(() => {
    if (configText === analysedText) return;
    const timer = setTimeout(() => setAnalysedText(configText), ANALYSE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [configText, analysedText, setAnalysedText]);

  return useMemo(() => {
    const staleFor = (source: string) => (lastGood.current?.source === source ? lastGood.current.generated : null);
    const none = { parseError: null, analysis: null, generated: null, generateError: null, lastGood: null };
    if (!checkpoint) return { ...none, steps: evaluateSteps({}) };
    if (checkpoint.configText === null) {
      const message = `${checkpoint.label}: no config.json in this checkpoint`;
      return { ...none, parseError: { message, line: 1, column: 1, offset: 0 }, steps: evaluateSteps({ configError: message }) };
    }
    const parsed = parseConfigText(analysedText, 'config.json');
    if (!parsed.ok) {
      const parseError: ConfigParseError = { message: parsed.message, line: parsed.line, column: parsed.column, offset: parsed.offset };
      return { ...none, parseError, lastGood: staleFor(checkpoint.source), steps: evaluateSteps({ configError: parsed.message }) };
    }
    const analysis: ConfigAnalysis = analyzeConfig(parsed.value, { source: checkpoint.source, files: checkpoint.files.map((f) => f.path) });
    const report = weightsEntry?.status === 'ready' ? weightsEntry.report : null;
    let generated: ReturnType<typeof generatePackage> | null = null;
    let generateError: string | null = null;
    try {
      // Once the weight headers are read, the preview uses their renames, as writing the package does.
      const known = report?.mapping.known ? { weightRenames: report.mapping.renames, weightsFormat: report.format } : {};
      generated = generatePackage({ analysis, config: parsed.value, ...(maxVersion ? { maxVersion } : {}), ...known });
    } catch (err) {
      generateError = (err as Error).message;
    }
    if (generated) lastGood.current = { source: checkpoint.source, generated };
    const mappedConfigPaths = generated ? new Set(generated.files.flatMap((f) => f.lines.map((l) => l.configPath))) : null;
    const writtenPackage = written && writtenDir
      ? { dir: writtenDir, archName: written.archName, nameIsBuiltIn: written.nameIsBuiltIn, todosLeft: written.todosLeft }
      : null;
    const weights = report
      ? {
          unmappedCheckpoint: report.mapping.unmappedCheckpoint.length,
          unfilledModel: report.mapping.unfilledModel.length,
          mismatches: report.checks.filter((c) => c.status === 'mismatch').length,
          tensorCount: report.tensorCount,
          mapKnown: report.mapping.known,
          baseline: report.mapping.baseline,
        }
      : null;
    return { parseError: null, analysis, generated, generateError, lastGood: generated ? null : staleFor(checkpoint.source), steps: evaluateSteps({ analysis, mappedConfigPaths, writtenPackage, weights }) };
  }, [checkpoint, analysedText, written, writtenDir, weightsEntry, maxVersion]);
}

export type PortModel = ReturnType<typeof usePortModel>;
