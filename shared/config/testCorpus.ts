// Test helper (node only): read a corpus checkpoint from fixtures/corpus.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConfig } from './analyze';
import type { ConfigAnalysis } from './types';

export const CORPUS = join(__dirname, '..', '..', 'fixtures', 'corpus');

export function corpusFolders(): string[] {
  return readdirSync(CORPUS).filter((d) => existsSync(join(CORPUS, d, 'config.json'))).sort();
}

export function corpusText(folder: string, file = 'config.json'): string {
  return readFileSync(join(CORPUS, folder, file), 'utf8');
}

export function analyzeCorpus(folder: string, withFiles = true): ConfigAnalysis {
  const files = withFiles ? readdirSync(join(CORPUS, folder)) : undefined;
  return analyzeConfig(JSON.parse(corpusText(folder)), { source: folder, files });
}
