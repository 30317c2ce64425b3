import type { mailEn } from './mail.en.ts';

/** Japanese strings of the console's LDAP and email strings (issue 13); spread into ja.ts. */
export const mailJa: Record<keyof typeof mailEn, string> = {};
