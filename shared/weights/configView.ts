import { buildScopes, isObject, type Scope } from '../config/effective';
import type { ExprValue } from './expr';
import type { ConfigView } from './families';

/**
 * The config values the cross-check reads: the analysis engine's effective language-model scope
 * (after attribute_map aliases, transformers defaults and derivations such as head_dim), so the
 * check compares the weights with what transformers itself would build. No defaults are invented here.
 */
export function configView(raw: unknown): ConfigView {
  const lm = languageModelScope(raw);
  return {
    get(field: string): ExprValue {
      const v = lm?.get(field);
      return typeof v === 'number' || typeof v === 'boolean' ? v : null;
    },
    origin(field: string) {
      return lm?.fields.get(field)?.origin ?? null;
    },
  };
}

/** The model type whose shapes apply: the language model's for a multimodal checkpoint. */
export function textModelType(raw: unknown): string | null {
  return languageModelScope(raw)?.modelType ?? null;
}

function languageModelScope(raw: unknown): Scope | null {
  return isObject(raw) ? buildScopes(raw).lm : null;
}
