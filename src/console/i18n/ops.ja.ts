import type { opsEn } from './ops.en.ts';

/** Japanese strings of the console's operations strings (issue 14); spread into ja.ts. */
export const opsJa: Record<keyof typeof opsEn, string> = {};
