import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExampleEntry, ServiceReturns } from '../../../shared/api/types';
import type { ServiceOptions } from '../options';

export function createAppService(options: ServiceOptions) {
  return {
    async info(): Promise<ServiceReturns['app']['info']> {
      return {
        version: options.version,
        face: options.face,
        platform: process.platform,
        openOnStart: options.openOnStart ?? null,
        nativeDialogs: !!options.platform?.pickFolder,
      };
    },
    async listExamples(): Promise<ExampleEntry[]> {
      return readExamples(options.resourcesDir);
    },
    async pickFolder(): Promise<string | null> {
      return options.platform?.pickFolder ? options.platform.pickFolder() : null;
    },
  };
}

export async function readExamples(resourcesDir: string): Promise<ExampleEntry[]> {
  const text = await readFile(join(resourcesDir, 'examples', 'examples.json'), 'utf8');
  return (JSON.parse(text) as { examples: ExampleEntry[] }).examples;
}
