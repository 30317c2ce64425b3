import { Group, Radio, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type AreaLevel, CONSOLE_AREAS, type Permissions } from '../../../shared/roles.ts';

const LEVELS: AreaLevel[] = ['none', 'read', 'manage'];

/** The permission matrix: one row per console area, none / read / manage; read-only when `onChange` is absent. */
export function RoleMatrix({ value, onChange }: { value: Permissions; onChange?: (p: Permissions) => void }) {
  const { t } = useTranslation();
  return (
    <Table withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('roles.area')}</Table.Th>
          <Table.Th>{t('roles.permissions')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {CONSOLE_AREAS.map((area) => (
          <Table.Tr key={area}>
            <Table.Td>{t(`roles.area.${area}`)}</Table.Td>
            <Table.Td>
              <Radio.Group
                value={value[area] ?? 'none'}
                onChange={(level) => onChange?.({ ...value, [area]: level as AreaLevel })}
                aria-label={t(`roles.area.${area}`)}
              >
                <Group gap="md">
                  {LEVELS.map((level) => (
                    <Radio
                      key={level}
                      value={level}
                      label={t(`roles.level.${level}`)}
                      aria-label={`${t(`roles.area.${area}`)}: ${t(`roles.level.${level}`)}`}
                      disabled={!onChange}
                    />
                  ))}
                </Group>
              </Radio.Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
