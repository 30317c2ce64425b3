/** English strings of the lists moved onto the shared data table (issue 11); spread into en.ts. */
export const tablesEn = {
  'roles.empty': 'No role matches.',
  'tokens.noMatch': 'No API token matches.',
} as const;
