import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findGroupById } from '../accounts/groups.repo.ts';
import { actorOf, requireArea } from '../accounts/index.ts';
import { recordAudit } from '../audit/audit.ts';
import { badRequest } from '../errors.ts';
import { ADMIN_ROUTE_ERRORS } from '../shared/common.ts';
import {
  LdapSettings,
  LdapSettingsInput,
  LdapTestResult,
  LdapTestSignInRequest,
  LdapTestSignInResult,
} from '../shared/ldap.ts';
import { authenticateDirectoryUser, describeDirectoryError, probeDirectory } from './directory.ts';
import { findLdapSettings, loadDirectoryConfig, saveLdapSettings } from './settings.repo.ts';
import { decideDirectoryAccess } from './sign-in.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: ldap'];

/** Settings → LDAP: directory sign-in settings (the bind password is write-only), Test connection and Test sign-in. */
export const ldapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;
  const key = app.config.secretKey;
  app.addHook('preValidation', requireArea('settings'));

  app.get('/', { schema: { tags, response: { 200: LdapSettings, ...errors } } }, () => findLdapSettings(db));

  app.put(
    '/',
    { schema: { tags, body: LdapSettingsInput, response: { 200: LdapSettings, ...errors } } },
    async (request) => {
      const input = request.body;
      if (input.enabled && (!input.url || !input.searchBase)) {
        throw badRequest('Fill in the URL and the search base before switching directory sign-in on.');
      }
      for (const { groupId, groupDn } of input.groupMappings) {
        if (!(await findGroupById(db, groupId)))
          throw badRequest(
            `The DeskGate group mapped from ${groupDn} does not exist; pick one from the list.`,
          );
      }
      const saved = await saveLdapSettings(db, key, input);
      await recordAudit(db, actorOf(request), 'ldap.settings.update', 'ldap', {
        enabled: saved.enabled,
        url: saved.url,
        bindPasswordChanged: input.bindPassword !== undefined,
      });
      return saved;
    },
  );

  app.post(
    '/test-connection',
    { schema: { tags, body: LdapSettingsInput, response: { 200: LdapTestResult, ...errors } } },
    async (request) => {
      const config = await loadDirectoryConfig(db, key, request.body);
      if (!config?.url) throw badRequest('Fill in the directory URL first.');
      return probeDirectory(config);
    },
  );

  // Runs a sign-in against the saved settings without creating or changing any account.
  app.post(
    '/test-sign-in',
    { schema: { tags, body: LdapTestSignInRequest, response: { 200: LdapTestSignInResult, ...errors } } },
    async (request) => {
      const config = await loadDirectoryConfig(db, key, {
        ...(await findLdapSettings(db)),
        bindPassword: undefined,
      });
      if (!config?.url) throw badRequest('Save the directory settings first.');
      try {
        const entry = await authenticateDirectoryUser(config, request.body.username, request.body.password);
        if (!entry)
          return {
            ok: false,
            message: 'No single directory entry matches this name, or the password is wrong.',
          };
        const access = decideDirectoryAccess(config, entry.groups);
        const { disabled, ...shown } = entry;
        return {
          ok: !disabled,
          message: disabled
            ? 'The password is right, but the account is disabled in the directory.'
            : 'Signed in.',
          entry: { ...shown, isAdmin: access.isAdmin === true, groupId: access.groupId },
        };
      } catch (err) {
        return { ok: false, message: describeDirectoryError(err) };
      }
    },
  );
};
