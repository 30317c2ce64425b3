import type { directoryEn } from './directory.en.ts';

/** Japanese strings of the console's SCIM, IdP logout, roles strings (issue 12); spread into ja.ts. */
export const directoryJa: Record<keyof typeof directoryEn, string> = {};
