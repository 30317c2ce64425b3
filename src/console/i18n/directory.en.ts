/** English strings of the console's SCIM, IdP logout, roles strings (issue 12); spread into en.ts. */
export const directoryEn = {} as const;
