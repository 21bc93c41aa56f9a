import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract, eventContract } from './contract';
import { SERVICE_NAMES } from './serviceNames';

/** Bare module names imported by a file and, transitively, by the relative files it imports. */
function bareImports(file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const [, spec] of source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)) {
    if (spec.startsWith('.')) bareImports(resolve(dirname(file), `${spec}.ts`), seen).forEach((m) => out.add(m));
    else out.add(spec);
  }
  return out;
}

describe('service contract', () => {
  it('lists the same services as the preload knows by name', () => {
    expect(Object.keys(contract).sort()).toEqual([...SERVICE_NAMES].sort());
  });

  it('names every event on[A-Z]… (VS Code convention), so none can shadow a method', () => {
    for (const name of Object.keys(eventContract)) expect(name).toMatch(/^on[A-Z]/);
  });

  it('keeps the sandboxed preload free of npm modules: it may require only electron', () => {
    expect([...bareImports(join(__dirname, '..', '..', 'electron', 'preload', 'index.ts'))]).toEqual(['electron']);
  });

  it('validates every method with a schema that refuses extra arguments', () => {
    for (const [service, methods] of Object.entries(contract)) {
      for (const [method, schema] of Object.entries(methods)) {
        const tooMany = schema.safeParse(['x', 'y', 'z', 'w', 'v', 'u']);
        expect(tooMany.success, `${service}.${method}`).toBe(false);
      }
    }
  });
});
