import { join } from 'node:path';
import { BringupError } from '../../../shared/errors';
import type { OpenedCheckpoint } from '../../../shared/api/types';
import { readExamples } from '../app/appService';
import { localSourceReader } from '../source/localSource';
import type { AppSources } from '../source/appSources';
import type { SourceReader } from '../source/types';
import type { ServiceOptions } from '../options';

/** Opens checkpoints for the UI: config.json as text and the file list; never weights. */
export function createCheckpointService(options: ServiceOptions, sources: AppSources) {
  return {
    async open(source: string, openOptions?: { offline?: boolean }): Promise<OpenedCheckpoint> {
      const reader = await sources.resolve(source, openOptions?.offline);
      return describe(reader, reader.source.kind);
    },
    async openExample(id: string): Promise<OpenedCheckpoint> {
      const example = (await readExamples(options.resourcesDir)).find((e) => e.id === id);
      if (!example) throw new BringupError('not-found', `no example named ${id}`);
      const dir = join(options.resourcesDir, 'examples', id);
      const reader = localSourceReader({ given: `example:${id}`, kind: 'local', dir, label: example.repoId });
      const opened = await describe(reader, 'example');
      return { ...opened, repoId: example.repoId };
    },
  };
}

async function describe(reader: SourceReader, kind: OpenedCheckpoint['kind']): Promise<OpenedCheckpoint> {
  const { source } = reader;
  const [files, configText] = await Promise.all([reader.listFiles(), reader.readText('config.json')]);
  return {
    source: source.given,
    label: source.label,
    kind,
    dir: source.dir ?? null,
    repoId: source.repoId ?? null,
    revision: source.commit ?? source.revision ?? null,
    files,
    configText,
    configPath: source.dir ? join(source.dir, 'config.json') : `${source.label}/config.json`,
  };
}
