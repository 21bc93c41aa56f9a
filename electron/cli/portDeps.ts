import { resolveToken } from '../services/hub/token';
import type { EvidenceDeps } from '../services/project/evidence';
import { portReader } from '../services/project/portReader';
import { resolveSource } from '../services/source/resolveSource';
import type { CliContext } from './command';

/**
 * How the port commands (generate, status, report) reach a port's checkpoint for its evidence: its
 * folder, else its repo through the HF cache and the Hub as every command resolves a SOURCE.
 */
export function cliEvidenceDeps({ values, env, cwd }: CliContext): EvidenceDeps {
  const hubUrl = typeof values['hub-url'] === 'string' ? values['hub-url'] : undefined;
  return {
    readerFor: portReader(async (source) => {
      const token = (await resolveToken(env))?.token;
      return resolveSource(source, { cwd, env, hubUrl, offline: values.offline === true, token });
    }),
  };
}
