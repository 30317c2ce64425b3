import { AppShell, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, useLocation } from 'react-router';
import type { LogoutResult, User } from '../../../shared/accounts.ts';
import { api } from '../../api/client.ts';
import { useSetSession } from '../../api/session.ts';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.tsx';

const LINKS = [
  { to: '/', key: 'nav.dashboard' },
  { to: '/users', key: 'nav.users' },
  { to: '/groups', key: 'nav.groups' },
  { to: '/devices', key: 'nav.devices', adminOnly: true },
  { to: '/device-groups', key: 'nav.deviceGroups', adminOnly: true },
  { to: '/address-books', key: 'nav.addressBooks' },
  { to: '/audit', key: 'nav.audit', adminOnly: true },
  { to: '/settings', key: 'nav.settings' },
] as const;

/** The signed-in frame: navigation, who is signed in, language, log out. */
export function Layout({ user, children }: { user: User; children: ReactNode }) {
  const { t } = useTranslation();
  const setSession = useSetSession();
  const { pathname } = useLocation();
  // Phones: the navigation is a drawer behind the header's burger, closed again by choosing a page.
  const [navOpen, nav] = useDisclosure(false);
  async function logout() {
    const result = await api<LogoutResult>('POST', '/api/console/auth/logout').catch(() => null);
    // RP-initiated logout: the IdP ends its session too, then sends the browser back to /login.
    if (result?.endSessionUrl) {
      location.assign(result.endSessionUrl);
      return;
    }
    setSession(null);
  }
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding="lg"
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.menu')}
            />
            <Text fw={700}>{t('app.name')}</Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {user.displayName || user.username}
            </Text>
            <LanguageSwitcher />
            <Button variant="light" size="xs" onClick={logout}>
              {t('nav.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav">
        {LINKS.filter((l) => user.isAdmin || !('adminOnly' in l)).map((l) => (
          <NavLink
            key={l.to}
            component={RouterLink}
            to={l.to}
            label={t(l.key)}
            onClick={nav.close}
            active={l.to === '/' ? pathname === '/' : pathname.startsWith(l.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
