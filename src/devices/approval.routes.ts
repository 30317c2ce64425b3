import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf, requireArea } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { ADMIN_ROUTE_ERRORS, Ok } from '../shared/common.ts';
import {
  DeviceApprovalSettings,
  DeviceApproveBody,
  DeviceApproveResult,
  PendingCount,
  PendingFilter,
  PreregistrationCreate,
  PreregistrationList,
  PreregistrationParams,
} from '../shared/device-approval.ts';
import { approveDevices, findPendingMatching, getApprovalSettings, setApprovalSettings } from './approval.ts';
import {
  deletePreregistration,
  insertPreregistration,
  listPreregistrations,
} from './preregistrations.repo.ts';

const errors = ADMIN_ROUTE_ERRORS;
const tags = ['console: device approval'];
const settingsArea = requireArea('settings');
const devicesArea = requireArea('devices');

/** Device approval (issue 10): the setting, approving pending devices, and pre-registered device IDs. */
export const deviceApprovalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.db.kysely;

  app.get(
    '/settings',
    { preValidation: settingsArea, schema: { tags, response: { 200: DeviceApprovalSettings, ...errors } } },
    async () => getApprovalSettings(db),
  );

  app.put(
    '/settings',
    {
      preValidation: settingsArea,
      schema: { tags, body: DeviceApprovalSettings, response: { 200: DeviceApprovalSettings, ...errors } },
    },
    async (request) => {
      await setApprovalSettings(db, request.body);
      await recordAudit(db, actorOf(request), 'settings.device-approval', 'device approval', request.body);
      return getApprovalSettings(db);
    },
  );

  app.post(
    '/approve',
    {
      preValidation: devicesArea,
      schema: { tags, body: DeviceApproveBody, response: { 200: DeviceApproveResult, ...errors } },
    },
    async (request) => ({
      approved: await approveDevices(db, app.config.secretKey, request.body.ids, actorOf(request)),
    }),
  );

  // Issue 13 §4: "Approve all" means every pending device of the Devices page's filter, not only its page.
  app.get(
    '/pending',
    {
      preValidation: devicesArea,
      schema: { tags, querystring: PendingFilter, response: { 200: PendingCount, ...errors } },
    },
    async (request) => ({ total: (await findPendingMatching(db, request.query, Date.now())).length }),
  );

  app.post(
    '/approve-matching',
    {
      preValidation: devicesArea,
      schema: { tags, body: PendingFilter, response: { 200: DeviceApproveResult, ...errors } },
    },
    async (request) => {
      const ids = await findPendingMatching(db, request.body, Date.now());
      return { approved: await approveDevices(db, app.config.secretKey, ids, actorOf(request)) };
    },
  );

  app.get(
    '/preregistrations',
    { preValidation: devicesArea, schema: { tags, response: { 200: PreregistrationList, ...errors } } },
    async () => listPreregistrations(db),
  );

  app.post(
    '/preregistrations',
    {
      preValidation: devicesArea,
      schema: { tags, body: PreregistrationCreate, response: { 200: Ok, ...errors } },
    },
    async (request) => {
      await insertPreregistration(db, request.body, Date.now());
      await recordAudit(db, actorOf(request), 'device.preregister', request.body.deviceId, request.body);
      return { ok: true as const };
    },
  );

  app.delete(
    '/preregistrations/:deviceId',
    {
      preValidation: devicesArea,
      schema: { tags, params: PreregistrationParams, response: { 200: Ok, ...errors } },
    },
    async (request) => {
      await deletePreregistration(db, request.params.deviceId);
      await recordAudit(db, actorOf(request), 'device.preregistration.delete', request.params.deviceId);
      return { ok: true as const };
    },
  );
};
