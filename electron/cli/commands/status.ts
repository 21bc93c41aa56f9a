import { resolve } from 'node:path';
import { BringupError } from '../../../shared/errors';
import type { PortStep } from '../../../shared/project/types';
import { gatherEvidence, portStatus } from '../../services/project/evidence';
import { requireProjectFile } from '../../services/project/projectFile';
import { EXIT } from '../run';
import { jsonOption, listWithLimit, printJson, strictOption, type CliCommand } from '../command';
import { cliEvidenceDeps } from '../portDeps';

const MARK: Record<PortStep['state'], string> = { done: '✓', 'in-progress': '◐', todo: '○', blocked: '✗', stale: '↻' };

/** `bringup status DIR [--json] [--strict]` (CLI-CONTRACT.md): the checklist, each step decided by its evidence. */
export const statusCommand: CliCommand = {
  name: 'status',
  summary: "The port's checklist, each step decided by its evidence (the same rules as the app's rail)",
  usage: 'bringup status DIR [--json] [--strict]',
  arguments: { DIR: 'a port folder (made by bringup generate or the app)' },
  options: {
    ...jsonOption,
    ...strictOption,
  },
  async run(ctx) {
    const { positionals, values, io, cwd } = ctx;
    if (!positionals[0]) throw new BringupError('usage', 'no DIR given: the port folder');
    if (positionals.length > 1) throw new BringupError('usage', `unexpected argument ${positionals[1]}`);
    const dir = resolve(cwd, positionals[0]);
    await requireProjectFile(dir);
    // Bringup's own evidence (config, package files, serve folder, weight headers) is gathered again; serve and logits are as recorded.
    const project = await gatherEvidence(dir, cliEvidenceDeps(ctx));
    const status = await portStatus(dir, project);
    const met = status.steps.every((s) => s.state === 'done');
    if (values.json) printJson(io, status);
    else {
      const lines = [
        `${status.port}: ${status.package} registered as ${status.archName ?? '(unknown)'} for MAX ${status.maxVersion}`,
        `checkpoint ${status.checkpoint}; max serve --model-path ${status.servePath ?? '(none)'}`,
        '',
      ];
      status.steps.forEach((step, i) => {
        lines.push(`${MARK[step.state]} ${i + 1}. ${step.title}: ${step.state}`);
        lines.push(`    ${step.detail}`);
        const open = step.findings.filter((f) => f.level !== 'note' && !f.acknowledged && f.message !== step.detail.replace(/ \(and \d+ more\)$/, ''));
        lines.push(...listWithLimit(open.map((f) => `- ${f.message}`), 5, '    '));
        for (const f of step.findings.filter((x) => x.acknowledged)) lines.push(`    acknowledged: ${f.message} (${f.acknowledged!.reason})`);
      });
      lines.push('', `${status.steps.filter((s) => s.state === 'done').length}/${status.steps.length} steps done`);
      io.out(lines.join('\n') + '\n');
    }
    return values.strict === true && !met ? EXIT.notMet : EXIT.ok;
  },
};
