import type { tablesEn } from './tables.en.ts';

/** Japanese strings of the lists moved onto the shared data table (issue 11); spread into ja.ts. */
export const tablesJa: Record<keyof typeof tablesEn, string> = {
  'roles.empty': '一致するロールはありません。',
  'tokens.noMatch': '一致する API トークンはありません。',
};
