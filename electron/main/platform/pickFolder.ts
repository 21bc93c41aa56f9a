import { BrowserWindow, dialog } from 'electron';

export async function pickFolder(title: string): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow();
  const options = { title, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
  const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
