/** What the runner (run.mjs) reads from the bundle: the targets, the self-test targets and the seed rule. */
export { targets } from './targets';
export { selfTestTargets } from './selfTest';
export { seedOf } from './harness';
