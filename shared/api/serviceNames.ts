/**
 * The services' names alone, without their schemas: the sandboxed preload can require nothing but
 * 'electron', so it must not pull zod in through the contract. contract.test.ts keeps the two equal.
 */
export const SERVICE_NAMES = ['app', 'checkpoint', 'weights', 'cache', 'hub', 'project', 'settings', 'serve', 'hooks', 'doctor', 'logits'] as const;
