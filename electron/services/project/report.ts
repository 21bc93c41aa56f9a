/**
 * The port report, exported into the port folder as PORT-REPORT.md and a self-contained
 * PORT-REPORT.html (plots as inline SVG), from the evidence gathered again at export time.
 */
import { join } from 'node:path';
import { analyzeConfigText } from '../../../shared/config/analyze';
import type { ReportResult } from '../../../shared/project/types';
import { renderPortReport } from '../../../shared/report/portReport';
import { writeFileAtomic } from '../fs/atomicWrite';
import { gatherEvidence, portConfig, portStatus, type EvidenceDeps } from './evidence';
import { openPort } from './port';
import { portFiles } from './portFiles';

export const REPORT_FILES = { markdown: 'PORT-REPORT.md', html: 'PORT-REPORT.html' } as const;

export async function buildPortReport(dir: string, deps: EvidenceDeps & { version: string }) {
  const project = await gatherEvidence(dir, deps);
  const port = await openPort(dir);
  const status = await portStatus(port.dir, project);
  const config = await portConfig(port);
  const analysed = config.text === null ? null : analyzeConfigText(config.text, config.path, { source: project.checkpoint.source });
  return renderPortReport({
    status,
    project,
    analysis: analysed?.ok ? analysed.analysis : null,
    configError: config.text === null ? `${config.path} is missing` : analysed && !analysed.ok ? analysed.message : null,
    files: await portFiles(port.dir, project),
    generatedAt: (deps.now ?? (() => new Date()))().toISOString(),
    bringupVersion: deps.version,
  });
}

export async function writePortReport(dir: string, deps: EvidenceDeps & { version: string }, out?: { markdown?: string; html?: string }): Promise<ReportResult> {
  const port = await openPort(dir);
  const report = await buildPortReport(port.dir, deps);
  const markdownPath = out?.markdown ?? join(port.dir, REPORT_FILES.markdown);
  const htmlPath = out?.html ?? join(port.dir, REPORT_FILES.html);
  await writeFileAtomic(markdownPath, report.markdown);
  await writeFileAtomic(htmlPath, report.html);
  return { markdownPath, htmlPath, markdown: report.markdown, html: report.html };
}
