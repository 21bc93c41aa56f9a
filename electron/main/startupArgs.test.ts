import { describe, expect, it } from 'vitest';
import { openArgument } from './startupArgs';

describe('--open PATH', () => {
  it('reads both spellings and ignores a dangling flag', () => {
    expect(openArgument(['electron', '.', '--open', '/models/llama'])).toBe('/models/llama');
    expect(openArgument(['bringup', '--open=Qwen/Qwen3-8B'])).toBe('Qwen/Qwen3-8B');
    expect(openArgument(['bringup', '--open'])).toBeNull();
    expect(openArgument(['bringup'])).toBeNull();
  });
});
