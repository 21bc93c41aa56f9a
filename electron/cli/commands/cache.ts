import { scanHfCache } from '../../services/cache/scanHfCache';
import type { CacheReport } from '../../../shared/cache/types';
import { jsonOption, printJson, type CliCommand } from '../command';
import { formatBytes } from '../../../shared/format/units';

export const cacheCommand: CliCommand = {
  name: 'cache',
  summary: 'List the local Hugging Face cache: repos, revisions, refs, sizes, config and weights',
  usage: 'bringup cache [--json]',
  options: { ...jsonOption },
  async run({ values, io, env }) {
    const report = await scanHfCache(undefined, env);
    if (values.json) printJson(io, report);
    else io.out(formatCacheReport(report));
    if (!values.json) for (const w of report.warnings) io.err(`warning: ${w}\n`);
    return 0;
  },
};

/** The readable report: one block per repo, one line per revision. */
export function formatCacheReport(report: CacheReport): string {
  const lines = [`HF cache: ${report.cacheDir}`];
  if (report.repos.length === 0) lines.push('(no repos)');
  for (const repo of report.repos) {
    const incomplete = repo.incompleteDownloads ? `, ${repo.incompleteDownloads} incomplete download(s) (${formatBytes(repo.incompleteBytes)})` : '';
    lines.push('', `${repo.repoType === 'model' ? '' : `${repo.repoType}: `}${repo.repoId}  ${formatBytes(repo.sizeOnDisk)}, modified ${repo.lastModified ?? 'never'}${incomplete}`);
    for (const rev of repo.revisions) {
      const refs = rev.refs.length ? ` (${rev.refs.join(', ')})` : '';
      const config = rev.hasConfig ? 'config.json' : 'no config.json';
      lines.push(`  ${rev.commit.slice(0, 12)}${refs}  ${rev.files} file(s), ${formatBytes(rev.sizeOnDisk)}, ${config}, weights: ${rev.weights ?? 'none'}`);
    }
  }
  return lines.join('\n') + '\n';
}
