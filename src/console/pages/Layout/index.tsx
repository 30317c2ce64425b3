import { AppShell, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, useLocation } from 'react-router';
import type { LogoutResult, User } from '../../../shared/accounts.ts';
import { allows, type ConsoleArea } from '../../../shared/roles.ts';
import { usePermissions } from '../../api/can.ts';
import { api } from '../../api/client.ts';
import { useSetSession } from '../../api/session.ts';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.tsx';

// `area`: shown only to roles that may read it. Settings always leads somewhere (one's own password and
// two-factor sign-in); without the settings area it is called "My account".
const LINKS: { to: string; key: string; area?: ConsoleArea }[] = [
  { to: '/', key: 'nav.dashboard' },
  { to: '/users', key: 'nav.users', area: 'users' },
  { to: '/groups', key: 'nav.groups', area: 'groups' },
  { to: '/devices', key: 'nav.devices', area: 'devices' },
  { to: '/device-groups', key: 'nav.deviceGroups', area: 'device-groups' },
  { to: '/strategies', key: 'strategy.nav', area: 'strategies' },
  { to: '/address-books', key: 'nav.addressBooks' },
  { to: '/audit', key: 'nav.audit', area: 'audit' },
  { to: '/api-tokens', key: 'tokens.nav', area: 'api-tokens' },
];

/** The signed-in frame: navigation, who is signed in, language, log out. */
export function Layout({ user, children }: { user: User; children: ReactNode }) {
  const { t } = useTranslation();
  const setSession = useSetSession();
  const { pathname } = useLocation();
  const permissions = usePermissions();
  const links = [
    ...LINKS.filter((l) => !l.area || allows(permissions, l.area, 'read')),
    {
      to: '/settings',
      key: allows(permissions, 'settings', 'read') ? 'nav.settings' : 'roles.navAccount',
    },
  ];
  // Narrow screens: the navigation is a drawer behind the header's burger, closed after each move.
  const [navOpened, nav] = useDisclosure(false);
  // A closed drawer is only moved off-screen: hide it too, or its links stay in the tab order.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
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
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <AppShell.Header px={{ base: 'xs', sm: 'md' }}>
        <Group h="100%" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? t('layout.closeNavigation') : t('layout.openNavigation')}
              aria-expanded={navOpened}
              aria-controls="deskgate-navigation"
            />
            <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
              {user.displayName || user.username}
            </Text>
            <LanguageSwitcher />
            <Button variant="light" size="xs" onClick={logout} style={{ flexShrink: 0 }}>
              {t('nav.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar
        p="xs"
        component="nav"
        id="deskgate-navigation"
        aria-label={t('layout.navigation')}
        style={narrow && !navOpened ? { visibility: 'hidden' } : undefined}
      >
        {links.map((l) => (
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
