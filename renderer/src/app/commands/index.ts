/** The command registry: how every feature adds its actions to the palette, the shortcuts page and the keyboard. */
export { registerCommand, registerCommands, runCommand, shortcutOf, useCommand, useCommands, type Command } from './registry';
export { formatChord, isMac } from './keys';
