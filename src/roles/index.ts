export { BUILTIN_ROLES } from './builtin.ts';
export { findPermissionsOf, findRole } from './roles.repo.ts';
export { rolesRoutes } from './roles.routes.ts';
