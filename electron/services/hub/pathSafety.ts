/**
 * Whether a file path the Hub listed is safe to join under a cache or snapshot folder: relative,
 * forward slashes only, no empty, `.` or `..` segments, no NUL, no drive letter.
 */
export function isSafeRepoPath(path: string): boolean {
  if (!path || path.length > 1024) return false;
  if (path.startsWith('/') || path.includes('\\') || path.includes('\0') || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}
