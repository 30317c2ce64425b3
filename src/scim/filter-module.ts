import type * as Scim2Filter from 'scim2-parse-filter';
import { lazyRequire } from '../system/lazy-module.ts';

/** scim2-parse-filter, loaded by the first SCIM filter, not at start-up (issue 14: idle RSS). */
export const loadScimFilter = lazyRequire<typeof Scim2Filter>('scim2-parse-filter');
