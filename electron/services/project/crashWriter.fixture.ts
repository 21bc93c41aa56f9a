/**
 * The writer the crash test kills (crash.test.ts): writes one port over and over as `writePort`
 * does under the port's lock (the package files through the merge, renamed every other write; the
 * serve folder; .bringup/; project.json), then records a serve run and its evidence. The packages
 * it cycles through were generated beforehand (PACKAGES_JSON), so every moment of a write is I/O a
 * kill can land in. Prints "writing" once it has started, then writes until killed or ITERATIONS.
 *
 * Usage: node crashWriter.mjs PORT_DIR CHECKPOINT_DIR PACKAGES_JSON START [ITERATIONS]
 * (START: the first package's index, so each run after a kill writes something new)
 */
import { readFileSync } from 'node:fs';
import type { PackageToWrite } from '../../../shared/project/types';
import { openPort, portInputPaths } from './port';
import { hashInputs, recordEvidence, recordRun, updateProjectFile, withPortLock } from './projectFile';
import { writeProjectPackage } from './projectWriter';
import { SERVE_FOLDER, writeServeFolder } from './serveFolder';

async function main(): Promise<void> {
  const [dir, checkpointDir, packagesJson, start, limit] = process.argv.slice(2);
  const packages = JSON.parse(readFileSync(packagesJson, 'utf8')) as Array<PackageToWrite & { archName: string }>;
  const config = readFileSync(`${checkpointDir}/config.json`, 'utf8');
  const checkpoint = { source: checkpointDir, kind: 'local' as const, dir: checkpointDir };
  const end = limit ? Number(start) + Number(limit) : Infinity;
  process.stdout.write('writing\n');
  for (let i = Number(start); i < end; i++) {
    const pkg = packages[i % packages.length];
    await withPortLock(dir, async () => {
      await writeProjectPackage(dir, pkg, { checkpoint });
      const folder = await writeServeFolder({ projectDir: dir, checkpointDir, portConfigText: config, registeredName: pkg.archName, lastConfigSha256: null });
      await updateProjectFile(dir, (p) => ({ ...p!, serveFolder: folder.record, servePath: SERVE_FOLDER }));
    });
    const port = await openPort(dir);
    const id = `run-${process.pid}-${i}`;
    await recordRun(dir, { id, hook: 'serve', argv: ['max', 'serve', '--custom-architectures', port.packageDir], startedAt: new Date().toISOString(), endedAt: null, exitCode: null, log: `.bringup/runs/${id}.log` });
    await recordEvidence(dir, 'serve', { at: new Date().toISOString(), inputs: await hashInputs(dir, portInputPaths(port)), ok: true, detail: `run ${i}: ready`, data: { ready: true, readyAfterMs: i } });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`crash writer failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
