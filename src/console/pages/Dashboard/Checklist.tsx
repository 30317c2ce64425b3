import { Anchor, List, Paper, Text, ThemeIcon, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Checklist as ChecklistData } from '../../../shared/dashboard.ts';

function Mark({ done }: { done: boolean }) {
  const { t } = useTranslation();
  return (
    <ThemeIcon color={done ? 'teal' : 'gray'} variant={done ? 'filled' : 'light'} radius="xl" size={22}>
      <span role="img" aria-label={done ? t('dashboard.done') : t('dashboard.todo')}>
        {done ? '✓' : '○'}
      </span>
    </ThemeIcon>
  );
}

/** First-run checklist: each item ticks itself from what already happened; one line once all are done. */
export function Checklist({ data }: { data: ChecklistData }) {
  const { t } = useTranslation();
  const items = [
    {
      key: 'password',
      done: data.adminPasswordChanged,
      label: t('dashboard.check.password'),
      hint: (
        <Anchor component={Link} to="/settings" size="sm">
          {t('dashboard.check.passwordHint')}
        </Anchor>
      ),
    },
    {
      key: 'url',
      done: data.publicUrl === 'https',
      label: t('dashboard.check.publicUrl'),
      hint: <Text size="sm">{t(`dashboard.check.publicUrl.${data.publicUrl}`)}</Text>,
    },
    {
      key: 'provider',
      done: data.providerAdded,
      label: t('dashboard.check.provider'),
      hint: (
        <Anchor component={Link} to="/settings/oidc" size="sm">
          {t('dashboard.check.providerHint')}
        </Anchor>
      ),
    },
    {
      key: 'device',
      done: data.firstDevice !== null,
      label: t('dashboard.check.device'),
      hint: (
        <Text size="sm">
          {data.firstDevice
            ? t('dashboard.check.deviceArrived', {
                name: data.firstDevice.hostname || data.firstDevice.id,
                id: data.firstDevice.id,
              })
            : t('dashboard.check.deviceHint', { url: location.origin })}
        </Text>
      ),
    },
  ];
  if (items.every((i) => i.done))
    return (
      <Text c="teal" data-testid="checklist-complete">
        ✓ {t('dashboard.check.complete')}
      </Text>
    );
  return (
    <Paper withBorder p="md" aria-labelledby="first-run-title">
      <Title order={3} size="h4" id="first-run-title" mb="sm">
        {t('dashboard.check.title')}
      </Title>
      <List spacing="sm" listStyleType="none">
        {items.map((i) => (
          <List.Item
            key={i.key}
            icon={<Mark done={i.done} />}
            data-done={i.done}
            data-testid={`check-${i.key}`}
          >
            <Text fw={500} td={i.done ? 'line-through' : undefined}>
              {i.label}
            </Text>
            {!i.done && i.hint}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}
