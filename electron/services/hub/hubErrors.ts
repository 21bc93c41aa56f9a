import { HubApiError } from '@huggingface/hub';
import { BringupError } from '../../../shared/errors';

/** Who reads a hint: a user of the app (who has the Offline switch) or of the command line. */
export type Audience = 'app' | 'cli';

export interface HubErrorContext {
  hubUrl: string;
  repo?: string;
  /** The file asked for, when the request was for one. */
  path?: string;
  audience?: Audience;
}

const OFFLINE_HINT: Record<Audience, string> = {
  cli: 'the HF cache still works offline (set HF_HUB_OFFLINE=1 or use --offline to stop trying the Hub)',
  app: 'the HF cache still works offline (turn on Offline in Hub settings, the ⚙ beside the Local and Hub tabs, to stop trying the Hub)',
};
const hint = (ctx: HubErrorContext) => OFFLINE_HINT[ctx.audience ?? 'cli'];

export const gatedMessage = (ctx: HubErrorContext) =>
  `${ctx.repo} is gated: accept its terms at ${ctx.hubUrl}/${ctx.repo} and set a token (HF_TOKEN or Settings)`;

/** Why the client is offline decides what the message points at: the environment, or the app's switch / --offline. */
export function offlineError(what: string, reason: 'env' | 'option' = 'env', audience: Audience = 'cli'): BringupError {
  const why = reason === 'env' ? 'HF_HUB_OFFLINE is set' : audience === 'app' ? 'the Offline switch in Hub settings is on' : '--offline';
  return new BringupError('network', `${what}: offline (${why}), so the Hub is not contacted; only the HF cache is available`);
}

/**
 * One readable BringupError for a Hub answer. `code` is the Hub's `X-Error-Code` when it was seen
 * (GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound).
 */
export function hubStatusError(status: number, code: string | null, serverMessage: string, ctx: HubErrorContext): BringupError {
  const what = ctx.path ? `${ctx.repo}/${ctx.path}` : (ctx.repo ?? ctx.hubUrl);
  const gated = code === 'GatedRepo' || /\b(gated|restricted)\b/i.test(serverMessage);
  if ((status === 401 || status === 403) && gated) return new BringupError('auth', gatedMessage(ctx));
  if (status === 401 && /invalid credentials|invalid username/i.test(serverMessage)) {
    return new BringupError('auth', `${ctx.hubUrl} refused the token (invalid credentials): check HF_TOKEN, the token file in HF_HOME, or the token in Settings`);
  }
  if (code === 'RevisionNotFound' || /invalid rev id|revision not found/i.test(serverMessage)) {
    return new BringupError('not-found', `${ctx.repo}: no such revision on ${ctx.hubUrl} (${serverMessage.split('\n')[0]})`);
  }
  if (code === 'EntryNotFound' || (status === 404 && ctx.path)) return new BringupError('not-found', `${what}: no such file on ${ctx.hubUrl}`);
  if (status === 401 || status === 403 || status === 404 || code === 'RepoNotFound') {
    return new BringupError('not-found', `${ctx.repo}: not found on ${ctx.hubUrl}, or private: check the name, and set a token (HF_TOKEN or Settings) if it is yours`);
  }
  if (status === 429) return new BringupError('network', `${ctx.hubUrl} is rate-limiting requests (429): wait a minute and retry`);
  return new BringupError('network', `${what}: the Hub answered ${status}${serverMessage ? ` (${serverMessage.split('\n')[0].slice(0, 200)})` : ''}`);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function networkCode(err: unknown): string | null {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** Maps anything a Hub call threw (HubApiError, fetch failure, timeout) to one BringupError. */
export function toHubError(err: unknown, ctx: HubErrorContext): BringupError {
  if (err instanceof BringupError) return err;
  if (err instanceof HubApiError) {
    const data = err.data as { error?: string; message?: string } | undefined;
    return hubStatusError(err.statusCode, null, data?.error ?? data?.message ?? '', ctx);
  }
  const name = (err as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new BringupError('network', `${ctx.hubUrl} did not answer in time${ctx.repo ? ` for ${ctx.repo}` : ''}: the network or the Hub is slow or down; ${hint(ctx)}`);
  }
  const code = networkCode(err);
  if (code || (err instanceof TypeError && /fetch failed/i.test(err.message))) {
    return new BringupError('network', `cannot reach ${ctx.hubUrl} (${code ?? 'fetch failed'}): you may be offline; ${hint(ctx)}`);
  }
  if (err instanceof SyntaxError) return new BringupError('network', `${ctx.hubUrl} sent an answer that is not valid JSON${ctx.repo ? ` for ${ctx.repo}` : ''}`);
  const message = err instanceof Error ? err.message : String(err);
  return new BringupError('network', `${ctx.repo ?? ctx.hubUrl}: ${message.split('\n')[0]}`);
}
