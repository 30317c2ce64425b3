/** English strings of the lists on the shared data table and the shared settings form (issue 11); spread into en.ts. */
export const tablesEn = {
  'roles.empty': 'No role matches.',
  'settings.unsaved': 'Unsaved changes',
  'tokens.noMatch': 'No API token matches.',
} as const;
