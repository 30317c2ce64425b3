/** English strings of the console's LDAP and email strings (issue 13); spread into en.ts. */
export const mailEn = {} as const;
