/** English strings of the console's operations strings (issue 14); spread into en.ts. */
export const opsEn = {} as const;
