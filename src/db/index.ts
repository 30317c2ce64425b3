export { createDb, type Db, type DbOptions, type Dialect } from './create-db.ts';
export { migrateDownAll, migrateToLatest } from './migrate.ts';
export type * from './schema.ts';
