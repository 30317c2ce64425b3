import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permissions, Role } from '../../../shared/roles.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { RoleMatrix } from './RoleMatrix.tsx';

/** Create or edit a custom role: its name and its matrix. */
export function RoleForm({
  role,
  onSubmit,
  onCancel,
}: {
  role?: Role;
  onSubmit: (v: { name: string; permissions: Permissions }) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(role?.name ?? '');
  const [permissions, setPermissions] = useState<Permissions>(role?.permissions ?? {});
  return (
    <SubmitForm
      onSubmit={() => onSubmit({ name, permissions })}
      onCancel={onCancel}
      submitLabel={role ? t('common.save') : t('common.create')}
    >
      <TextInput
        label={t('roles.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
      />
      <RoleMatrix value={permissions} onChange={setPermissions} />
    </SubmitForm>
  );
}
