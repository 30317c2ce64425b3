import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import type { SignInCount } from '../../../shared/dashboard.ts';

/**
 * Sign-ins per way in, stacked by outcome. Loaded with React.lazy from the Dashboard: recharts is
 * about as large as the rest of the console, and must stay out of the initial JS (docs/performance.md).
 */
export default function SignInChart({ counts }: { counts: SignInCount[] }) {
  const { t } = useTranslation();
  const data = counts.map((c) => ({
    ...c,
    provider: c.provider === 'password' ? t('dashboard.password') : c.provider || '?',
  }));
  return (
    <BarChart
      h={Math.max(120, 48 * data.length + 40)}
      data={data}
      dataKey="provider"
      type="stacked"
      orientation="vertical"
      withLegend
      yAxisProps={{ width: 110 }}
      series={[
        { name: 'success', label: t('dashboard.outcome.success'), color: 'teal.6' },
        { name: 'refused', label: t('dashboard.outcome.refused'), color: 'yellow.6' },
        { name: 'failed', label: t('dashboard.outcome.failed'), color: 'red.6' },
      ]}
    />
  );
}
