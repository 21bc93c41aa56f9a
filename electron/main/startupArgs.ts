/** `--open PATH` (or `--open=PATH`) from the command line that started the app. */
export function openArgument(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--open' && i + 1 < argv.length) return argv[i + 1];
    if (arg.startsWith('--open=')) return arg.slice('--open='.length) || null;
  }
  return null;
}
