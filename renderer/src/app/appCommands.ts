import { STEP_ORDER, STEP_TITLES } from '@shared/checklist/steps';
import { toggleTabMovesFocus } from '../editor/editorPrefs';
import { useEditorPrefs } from '../editor/editorPrefs';
import { selectStep } from '../features/checklist/selectStep';
import { pickAndOpenFolder } from '../features/checkpoints/openActions';
import { showQuickOpen } from '../features/checkpoints/quickOpen';
import { useHubStore } from '../features/hub/hubStore';
import { updateSettings } from '../features/hub/settingsActions';
import { usePortStore } from '../features/port/portStore';
import { isDesktop } from '../platform/bridge';
import { formatChord, isMac } from './commands/keys';
import { getCommands, isEnabled, registerCommands, type Command } from './commands/registry';
import { useQuickPick } from './commands/quickPick';
import { useShortcutsPage } from './commands/ShortcutsPage';
import { usePanelStore, type PanelTab } from './panelStore';
import { useSidebarStore } from './sidebarStore';

/** The command palette: every enabled command, `Category: Title`, with its shortcut. */
export function showCommandPalette(): void {
  const items = getCommands()
    .filter((c) => c.id !== 'palette.show' && isEnabled(c))
    .map((c) => ({ id: c.id, label: `${c.category}: ${c.title}`, hint: c.keys?.[0] ? formatChord(c.keys[0], isMac) : undefined, run: () => void c.run() }));
  useQuickPick.getState().show({ title: 'Command palette', placeholder: 'Type a command', items });
}

function focusPathField(): void {
  useSidebarStore.getState().setTab('local');
  // The Local tab renders on the next frame when it was not showing.
  requestAnimationFrame(() => document.getElementById('open-path')?.focus());
}

const PANEL_TABS: Array<[PanelTab, string]> = [
  ['summary', 'Summary'],
  ['problems', 'Problems'],
  ['fields', 'Fields'],
  ['weights', 'Weights'],
  ['step', 'the selected step'],
];

const hasCheckpoint = () => !!usePortStore.getState().checkpoint;

/** The app's own commands. Features add theirs with registerCommand / useCommand. */
export function registerAppCommands(): () => void {
  const commands: Command[] = [
    { id: 'palette.show', title: 'Show all commands', category: 'Help', keys: ['Mod+Shift+P', 'F1'], run: showCommandPalette },
    { id: 'help.shortcuts', title: 'Keyboard shortcuts', category: 'Help', keys: ['Mod+/'], run: () => useShortcutsPage.getState().setOpen(true) },
    {
      id: 'checkpoint.open',
      title: isDesktop ? 'Open a checkpoint folder…' : 'Open a checkpoint…',
      category: 'Checkpoint',
      keys: ['Mod+O'],
      // Browser mode has no folder dialog: Open… lists what can be opened and takes a typed path.
      run: () => (isDesktop ? void pickAndOpenFolder() : void showQuickOpen()),
    },
    { id: 'checkpoint.quickOpen', title: 'Open recent, cached or by path or repo id…', category: 'Checkpoint', keys: ['Mod+P'], run: () => void showQuickOpen() },
    { id: 'checkpoint.focusPath', title: 'Type a path or repo id in the checkpoint browser', category: 'Checkpoint', keys: ['Mod+L'], run: focusPathField },
    { id: 'sidebar.local', title: 'Show local checkpoints (examples, recent, HF cache, folders)', category: 'View', run: () => useSidebarStore.getState().setTab('local') },
    { id: 'sidebar.hub', title: 'Search the Hub', category: 'Hub', run: () => useSidebarStore.getState().setTab('hub') },
    { id: 'hub.settings', title: 'Hub settings (URL, offline, token)', category: 'Hub', run: () => useSidebarStore.getState().setSettingsOpen(!useSidebarStore.getState().settingsOpen) },
    {
      id: 'hub.offline',
      title: 'Toggle offline (use only the HF cache and local folders)',
      category: 'Hub',
      when: () => useHubStore.getState().status?.offlineReason !== 'env' && !!useHubStore.getState().settings,
      run: () => void updateSettings({ offline: !useHubStore.getState().status?.offline }),
    },
    { id: 'panel.toggle', title: 'Toggle the bottom panel', category: 'View', keys: ['Mod+J'], run: () => usePanelStore.getState().toggle() },
    { id: 'panel.problems', title: 'Show Problems', category: 'View', keys: ['Mod+Shift+M'], run: () => usePanelStore.getState().show('problems') },
    ...PANEL_TABS.filter(([id]) => id !== 'problems').map(([id, label]): Command => ({ id: `panel.${id}`, title: `Show ${label}`, category: 'View', run: () => usePanelStore.getState().show(id) })),
    ...STEP_ORDER.map((step, i): Command => ({ id: `step.${step}`, title: `Go to step ${i + 1}: ${STEP_TITLES[step]}`, category: 'Port', keys: [`Mod+${i + 1}`], when: hasCheckpoint, run: () => selectStep(step) })),
    {
      id: 'editor.inlineLabels',
      title: 'Toggle field categories written inline in config.json',
      category: 'Editor',
      run: () => useEditorPrefs.getState().setInlineLabels(!useEditorPrefs.getState().inlineLabels),
    },
    { id: 'editor.tabMovesFocus', title: 'Toggle: Tab moves focus out of the editors (instead of indenting)', category: 'Editor', keys: ['Ctrl+M'], run: toggleTabMovesFocus },
  ];
  return registerCommands(commands);
}
