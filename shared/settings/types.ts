/** User settings, shared by every face. */
export interface Settings {
  /** The Hub's URL; null uses HF_ENDPOINT, else the public Hub. */
  hubUrl: string | null;
  /** Never contact the Hub (HF_HUB_OFFLINE=1 forces it too). */
  offline: boolean;
  /** Folders the user added to the checkpoint browser. */
  folders: string[];
  /** Port folders opened or written, most recent first (the start page lists them). */
  recentPorts: string[];
}

/** How many ports the start page remembers. */
export const RECENT_PORTS_LIMIT = 20;

export const DEFAULT_SETTINGS: Settings = { hubUrl: null, offline: false, folders: [], recentPorts: [] };
