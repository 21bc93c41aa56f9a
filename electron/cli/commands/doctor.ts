import { resolve } from 'node:path';
import { formatBytes } from '../../../shared/format/units';
import type { DoctorReport, ToolFinding } from '../../../shared/serve/doctorTypes';
import { runDoctor } from '../../services/doctor/doctor';
import { readProjectFile } from '../../services/project/projectFile';
import { jsonOption, printJson, stringOption, type CliCommand } from '../command';

const WHERE: Record<string, string> = { flag: 'given', setting: 'project setting', virtualenv: 'VIRTUAL_ENV', 'port-venv': "the port's .venv", path: 'PATH', 'python-bin': 'beside the Python' };

/** `bringup doctor [--python PATH] [--max PATH] [--port DIR] [--json]`: never fails for a missing piece. */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'What this machine offers the port: Python, max and its version, transformers, torch, GPUs',
  usage: 'bringup doctor [--python PATH] [--max PATH] [--port DIR] [--json]',
  options: {
    ...jsonOption,
    python: { type: 'string', value: 'PATH', description: 'the Python for hooks (default: the port setting, VIRTUAL_ENV, DIR/.venv, then python3 on PATH)' },
    max: { type: 'string', value: 'PATH', description: 'the max executable (default: the port setting, beside the Python, then PATH)' },
    port: { type: 'string', value: 'DIR', description: "a port folder: its settings and its .venv are looked at too" },
  },
  async run({ values, io, env, cwd }) {
    const dir = stringOption(values.port) ? resolve(cwd, stringOption(values.port)!) : null;
    const project = dir ? await readProjectFile(dir).catch(() => null) : null;
    const report = await runDoctor({ env, cwd, python: stringOption(values.python) ?? null, max: stringOption(values.max) ?? null, dir, settings: project?.settings });
    if (values.json) printJson(io, report);
    else io.out(doctorText(report));
    return 0;
  },
};

function tool(label: string, finding: ToolFinding, version: (v: string) => string): string {
  if (!finding.path) return `${label.padEnd(9)}${finding.why}\n${finding.tried.map((t) => `           tried ${t.path} (${WHERE[t.source]}): ${t.result}\n`).join('')}`;
  return `${label.padEnd(9)}${finding.path}: ${version(finding.version ?? '?')} (${WHERE[finding.source ?? 'path']})\n`;
}

export function doctorText(report: DoctorReport): string {
  let out = tool('Python', report.python, (v) => `Python ${v}`) + tool('MAX', report.max, (v) => `MAX ${v}`);
  out += `Packages ${report.packages.map((p) => `${p.name} ${p.version ?? `(${p.why})`}`).join('; ')}\n`;
  if (report.gpus.found) {
    for (const gpu of report.gpus.devices) {
      out += `GPU ${gpu.index}    ${gpu.name}: ${gpu.memoryFreeBytes === null ? '?' : formatBytes(gpu.memoryFreeBytes)} free of ${gpu.memoryTotalBytes === null ? '?' : formatBytes(gpu.memoryTotalBytes)} (${report.gpus.source})\n`;
    }
  } else out += `GPUs     none found: ${report.gpus.why}\n`;
  out += `Codegen  ${report.codegen.why}\n`;
  return out;
}
