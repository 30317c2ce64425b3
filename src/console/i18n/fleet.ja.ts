import type { fleetEn } from './fleet.en.ts';
import { strategyJa } from './strategy.ja.ts';

/** Japanese strings of the console's strategies, sessions, API tokens, device approval strings (issue 10); spread into ja.ts. */
export const fleetJa: Record<keyof typeof fleetEn, string> = { ...strategyJa };
