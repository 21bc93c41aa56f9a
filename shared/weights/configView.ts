import type { ConfigAnalysis } from '../config/types';
import type { ExprValue } from './expr';
import type { ConfigView } from './families';

/**
 * The config values the cross-check reads: the analysis engine's effective `dimensions` (after
 * aliases and transformers defaults), then config.json itself (its `text_config` for multimodal
 * checkpoints) for fields the analysis does not carry. No defaults are invented here.
 */
export function configView(raw: unknown, analysis: ConfigAnalysis | null): ConfigView {
  const top = isObject(raw) ? raw : {};
  const text = isObject(top.text_config) ? top.text_config : null;
  const dims = (analysis?.dimensions ?? {}) as Record<string, unknown>;
  const origins = new Map<string, 'config' | 'default' | 'derived'>();
  for (const f of analysis?.fields ?? []) {
    const field = f.path.startsWith('text_config.') ? f.path.slice('text_config.'.length) : f.path;
    if (!field.includes('.') && (!origins.has(field) || f.path.startsWith('text_config.'))) origins.set(field, f.origin);
  }
  const rawValue = (field: string): unknown => (text && Object.hasOwn(text, field) ? text[field] : top[field]);
  return {
    get(field: string): ExprValue {
      const v = Object.hasOwn(dims, field) && dims[field] !== undefined ? dims[field] : rawValue(field);
      return typeof v === 'number' || typeof v === 'boolean' ? v : null;
    },
    origin(field: string) {
      if (origins.has(field)) return origins.get(field)!;
      if (rawValue(field) !== undefined) return 'config';
      return Object.hasOwn(dims, field) && dims[field] !== null && dims[field] !== undefined ? 'derived' : null;
    },
  };
}

/** The model type whose shapes apply: the language model's for a multimodal checkpoint. */
export function textModelType(raw: unknown, analysis: ConfigAnalysis | null): string | null {
  const top = isObject(raw) ? raw : {};
  const text = isObject(top.text_config) ? top.text_config : null;
  if (text && typeof text.model_type === 'string') return text.model_type;
  if (typeof top.model_type === 'string') return top.model_type;
  return analysis?.modelType ?? null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
