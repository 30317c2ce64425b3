import { Alert } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../../../shared/devices.ts';
import { useCan } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { errorText } from '../../api/error-text.ts';
import { ConfirmDelete } from '../../components/ConfirmDelete.tsx';
import type { RowAction } from '../../components/DataTable.tsx';
import { DevicePanel } from '../Strategies/DevicePanel.tsx';
import { AssignDialog } from './AssignDialog.tsx';
import { approveDevices } from './approval-api.ts';
import { NoteDialog } from './NoteDialog.tsx';

const path = (d: Device) => `/api/console/devices/${encodeURIComponent(d.id)}`;

/**
 * What an admin does to one device — approve, strategy and sessions, assign, disable/enable, note,
 * delete — as the Devices list's row menu, with the dialogs those open.
 */
export function useDeviceActions() {
  const { t } = useTranslation();
  const canManage = useCan('devices', 'manage');
  const client = useQueryClient();
  const [editing, setEditing] = useState<Device | null>(null);
  const [deleting, setDeleting] = useState<Device | null>(null);
  const [assigning, setAssigning] = useState<Device | null>(null);
  const [inspecting, setInspecting] = useState<Device | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['devices'] });
  const patch = async (d: Device, body: object) => {
    await api('PATCH', path(d), body);
    await refresh();
  };
  const act = (fn: () => Promise<unknown>) => {
    setError(null);
    fn().catch((e: unknown) => setError(errorText(t, e)));
  };

  // Who may only read devices gets no row menu (the server refuses the changes anyway).
  const actionsFor = (d: Device): RowAction[] =>
    canManage
      ? [
          {
            label: t('approval.approve'),
            hidden: !d.pending,
            onClick: () => act(() => approveDevices([d.id]).then(refresh)),
          },
          { label: t('strategy.panel'), onClick: () => setInspecting(d) },
          { label: t('devices.assign'), onClick: () => setAssigning(d) },
          {
            label: d.disabled ? t('devices.enable') : t('devices.disable'),
            onClick: () => act(() => patch(d, { disabled: !d.disabled })),
          },
          { label: t('devices.editNote'), onClick: () => setEditing(d) },
          { label: t('common.delete'), color: 'red', onClick: () => setDeleting(d) },
        ]
      : [];

  const dialogs = (
    <>
      {error && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {inspecting && <DevicePanel deviceId={inspecting.id} onClose={() => setInspecting(null)} />}
      {editing && (
        <NoteDialog
          device={editing}
          onClose={() => setEditing(null)}
          onSave={async (note) => {
            await patch(editing, { note });
            setEditing(null);
          }}
        />
      )}
      {assigning && (
        <AssignDialog
          device={assigning}
          onClose={() => setAssigning(null)}
          onSave={async (assignment) => {
            await patch(assigning, assignment);
            setAssigning(null);
          }}
        />
      )}
      {deleting && (
        <ConfirmDelete
          name={deleting.hostname ? `${deleting.hostname} (${deleting.id})` : deleting.id}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', path(deleting));
            setDeleting(null);
            await refresh();
          }}
        />
      )}
    </>
  );
  return { actionsFor, dialogs, refresh };
}
