import { resolve } from 'node:path';
import { BringupError } from '../../../shared/errors';
import { requireProjectFile } from '../../services/project/projectFile';
import { REPORT_FILES, writePortReport } from '../../services/project/report';
import { jsonOption, printJson, stringOption, type CliCommand } from '../command';
import { packageVersion } from '../paths';
import { cliEvidenceDeps } from '../portDeps';

/** `bringup report DIR [--md FILE] [--html FILE] [--json]`: the port report, as the app exports it. */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Write the port report: Markdown and a self-contained HTML page (plots as inline SVG)',
  usage: 'bringup report DIR [--md FILE] [--html FILE] [--json]',
  arguments: { DIR: 'a port folder' },
  options: {
    ...jsonOption,
    md: { type: 'string', value: 'FILE', description: `where the Markdown goes (default: DIR/${REPORT_FILES.markdown})` },
    html: { type: 'string', value: 'FILE', description: `where the HTML goes (default: DIR/${REPORT_FILES.html})` },
  },
  async run(ctx) {
    const { positionals, values, io, cwd } = ctx;
    if (!positionals[0]) throw new BringupError('usage', 'no DIR given: the port folder');
    const dir = resolve(cwd, positionals[0]);
    await requireProjectFile(dir);
    const md = stringOption(values.md);
    const html = stringOption(values.html);
    const result = await writePortReport(dir, { ...cliEvidenceDeps(ctx), version: packageVersion() }, { markdown: md && resolve(cwd, md), html: html && resolve(cwd, html) });
    if (values.json) printJson(io, { port: dir, markdown: result.markdownPath, html: result.htmlPath });
    else io.out(`${result.markdownPath}\n${result.htmlPath}\n`);
    return 0;
  },
};
