/**
 * Targets that must fail, run only by `npm run fuzz -- --self-test` (and its unit test): they prove
 * the runner reports a thrown TypeError, an error without a place, and a hang, instead of passing.
 */
import fc from 'fast-check';
import { badInput } from '../../shared/errors';
import { badInputError, defineTarget, type FuzzTarget } from './harness';

export const selfTestTargets: FuzzTarget[] = [
  defineTarget({
    name: 'selftest.typeerror',
    covers: 'a parser that dereferences a missing field',
    cases: 200,
    input: fc.nat({ max: 1000 }),
    run: (n: number) => (n > 500 ? (null as unknown as { x: number }).x : n),
    check: (outcome) => (outcome.ok ? null : badInputError(outcome.error, /^f: /)),
  }),
  defineTarget({
    name: 'selftest.noplace',
    covers: 'a reader whose error names no file',
    cases: 200,
    input: fc.nat({ max: 1000 }),
    run: (n: number) => {
      if (n > 500) throw badInput('something is wrong');
      return n;
    },
    check: (outcome) => (outcome.ok ? null : badInputError(outcome.error, /^f: byte \d+: /)),
  }),
  defineTarget({
    name: 'selftest.hang',
    covers: 'a loop that never ends on some inputs',
    cases: 200,
    input: fc.nat({ max: 1000 }),
    run: (n: number) => {
      while (n > 900) n += 0; // never ends: the watchdog must stop it
      return n;
    },
    check: () => null,
  }),
];
