import { describe, expect, it } from 'vitest';
import { shellLine } from './shellLine';

describe('shellLine', () => {
  it('quotes only what a POSIX shell would split or expand', () => {
    expect(shellLine(['max', 'serve', '--model-path', '/data/my model', '--custom-architectures', '<abs path>/pkg', "it's"])).toBe(
      "max serve --model-path '/data/my model' --custom-architectures '<abs path>/pkg' 'it'\\''s'",
    );
    expect(shellLine(['--quantization-encoding', 'float8_e4m3fn', 'org/name@main'])).toBe('--quantization-encoding float8_e4m3fn org/name@main');
  });
});
