import type { SettingsPatch } from '@shared/settings/schema';
import { api } from '../../platform/bridge';
import { errorLine } from './errors';
import { useHubStore } from './hubStore';

/** Reads settings, the Hub status (URL, offline and why) and the token's status. */
export async function loadHubSettings(): Promise<void> {
  try {
    const [settings, status, token] = await Promise.all([api.settings.get(), api.hub.status(), api.hub.tokenStatus()]);
    useHubStore.setState({ settings, status, token, settingsError: null });
  } catch (err) {
    useHubStore.setState({ settingsError: errorLine(err) });
  }
}

export async function updateSettings(patch: SettingsPatch): Promise<boolean> {
  try {
    const settings = await api.settings.update(patch);
    const status = await api.hub.status();
    useHubStore.setState({ settings, status, settingsError: null });
    return true;
  } catch (err) {
    useHubStore.setState({ settingsError: errorLine(err) });
    return false;
  }
}

/** Sends the token to the services (kept there); only its status comes back. */
export async function setToken(token: string): Promise<boolean> {
  try {
    useHubStore.setState({ token: await api.hub.setToken(token), settingsError: null });
    return true;
  } catch (err) {
    useHubStore.setState({ settingsError: errorLine(err) });
    return false;
  }
}

export async function clearToken(): Promise<void> {
  try {
    useHubStore.setState({ token: await api.hub.clearToken(), settingsError: null });
  } catch (err) {
    useHubStore.setState({ settingsError: errorLine(err) });
  }
}
