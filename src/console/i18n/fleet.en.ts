import { strategyEn } from './strategy.en.ts';

/** English strings of the console's strategies, sessions, API tokens, device approval strings (issue 10); spread into en.ts. */
export const fleetEn = { ...strategyEn } as const;
