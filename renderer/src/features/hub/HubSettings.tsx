import { useEffect, useState } from 'react';
import type { TokenStatus } from '@shared/hub/types';
import { clearToken, setToken, updateSettings } from './settingsActions';
import { useHubStore } from './hubStore';

const TOKEN_SOURCE: Record<NonNullable<TokenStatus['source']>, string> = {
  env: 'from HF_TOKEN',
  file: 'from the token file in HF_HOME',
  user: 'entered here (kept by the app, never shown)',
};

/** The Hub settings: URL, offline switch, and the token (sent to the services; only its status comes back). */
export function HubSettings() {
  const settings = useHubStore((s) => s.settings);
  const status = useHubStore((s) => s.status);
  const token = useHubStore((s) => s.token);
  const error = useHubStore((s) => s.settingsError);
  const [url, setUrl] = useState(settings?.hubUrl ?? '');
  const [tokenText, setTokenText] = useState('');

  useEffect(() => setUrl(settings?.hubUrl ?? ''), [settings?.hubUrl]);

  const envOffline = status?.offlineReason === 'env';
  return (
    <div className="hub-settings" data-testid="hub-settings">
      <form
        className="setting"
        onSubmit={(e) => {
          e.preventDefault();
          void updateSettings({ hubUrl: url.trim() || null });
        }}
      >
        <label htmlFor="hub-url" className="setting-label">Hub URL</label>
        <div className="field-row">
          <input
            id="hub-url"
            className="field"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder={status?.hubUrl ?? 'https://huggingface.co'}
            spellCheck={false}
          />
          <button className="button" type="submit">Save</button>
        </div>
        <span className="setting-hint">Empty: HF_ENDPOINT, else huggingface.co. In use: {status?.hubUrl ?? '…'}</span>
      </form>
      <label className="setting check">
        <input
          type="checkbox"
          data-testid="offline-toggle"
          checked={!!status?.offline}
          disabled={envOffline || !settings}
          onChange={(e) => void updateSettings({ offline: e.target.checked })}
        />
        <span>Offline: never contact the Hub</span>
      </label>
      {envOffline && <span className="setting-hint">HF_HUB_OFFLINE is set in the environment: the app stays offline.</span>}
      <form
        className="setting"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          const value = tokenText.trim();
          setTokenText('');
          if (value) void setToken(value);
        }}
      >
        <label htmlFor="hub-token" className="setting-label">Access token</label>
        <span className="setting-hint" data-testid="token-status">
          {token?.present ? `Token set, ${TOKEN_SOURCE[token.source!]}` : 'No token: public repos only'}
        </span>
        <div className="field-row">
          <input
            id="hub-token"
            className="field"
            type="password"
            value={tokenText}
            onChange={(e) => setTokenText(e.target.value)}
            placeholder="hf_…"
            autoComplete="off"
            spellCheck={false}
          />
          <button className="button" type="submit" disabled={!tokenText.trim()}>Set token</button>
        </div>
        {token?.source === 'user' && (
          <button className="button link" type="button" onClick={() => void clearToken()}>Forget the token</button>
        )}
        {token?.source === 'env' && <span className="setting-hint">HF_TOKEN is used before a token entered here.</span>}
      </form>
      {error && <p className="error-line" role="alert">{error}</p>}
    </div>
  );
}
