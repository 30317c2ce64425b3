import type { tablesEn } from './tables.en.ts';

/** Japanese strings of the lists on the shared data table and the shared settings form (issue 11); spread into ja.ts. */
export const tablesJa: Record<keyof typeof tablesEn, string> = {
  'roles.empty': '一致するロールはありません。',
  'settings.unsaved': '未保存の変更があります',
  'tokens.noMatch': '一致する API トークンはありません。',
};
