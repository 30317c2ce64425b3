import { Center, Loader } from '@mantine/core';
import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { useSession } from './api/session.ts';
import { lazyPage } from './lazy-page.ts';
import { Layout } from './pages/Layout/index.tsx';
import { LoginPage } from './pages/Login/index.tsx';
import { SetPasswordPage } from './pages/SetPassword/index.tsx';

const DashboardPage = lazyPage(() => import('./pages/Dashboard/index.tsx'));
export const UsersPage = lazyPage(() => import('./pages/Users/index.tsx'));
const UserDetailPage = lazyPage(() => import('./pages/UserDetail/index.tsx'));
const GroupsPage = lazyPage(() => import('./pages/Groups/index.tsx'));
const DevicesPage = lazyPage(() => import('./pages/Devices/index.tsx'));
const DeviceGroupsPage = lazyPage(() => import('./pages/DeviceGroups/index.tsx'));
const SettingsPage = lazyPage(() => import('./pages/Settings/index.tsx'));
const SettingsOidcPage = lazyPage(() => import('./pages/SettingsOidc/index.tsx'));
const SettingsLdapPage = lazyPage(() => import('./pages/SettingsLdap/index.tsx'));
const SettingsEmailPage = lazyPage(() => import('./pages/SettingsEmail/index.tsx'));
const ProviderEditorPage = lazyPage(() => import('./pages/SettingsOidc/ProviderEditor.tsx'));
const TestResultPage = lazyPage(() => import('./pages/SettingsOidc/TestResult.tsx'));
const RolesPage = lazyPage(() => import('./pages/Roles/index.tsx'));
const AuditPage = lazyPage(() => import('./pages/Audit/index.tsx'));
const SettingsAuditPage = lazyPage(() => import('./pages/SettingsAudit/index.tsx'));
const AddressBooksPage = lazyPage(() => import('./pages/AddressBooks/index.tsx'));
const AddressBookPage = lazyPage(() => import('./pages/AddressBook/index.tsx'));
const ApiTokensPage = lazyPage(() => import('./pages/ApiTokens/index.tsx'));
const StrategiesPage = lazyPage(() => import('./pages/Strategies/index.tsx'));

const spinner = (
  <Center h="60vh">
    <Loader />
  </Center>
);

/** Signed out: the login page. Signed in: the layout with its pages. */
export function App() {
  const session = useSession();
  if (session.isPending) return spinner;
  if (!session.data) {
    return (
      <Routes>
        <Route path="/set-password" element={<SetPasswordPage />} />
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  return (
    <Layout user={session.data.user}>
      <Suspense fallback={spinner}>
        <Routes>
          <Route path="/" element={<DashboardPage />} />
          <Route path="/users" element={<UsersPage />} />
          <Route path="/users/:id" element={<UserDetailPage />} />
          <Route path="/groups" element={<GroupsPage />} />
          <Route path="/address-books" element={<AddressBooksPage />} />
          <Route path="/address-books/:id" element={<AddressBookPage />} />
          <Route path="/devices" element={<DevicesPage />} />
          <Route path="/device-groups" element={<DeviceGroupsPage />} />
          <Route path="/strategies" element={<StrategiesPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/settings/oidc" element={<SettingsOidcPage />} />
          <Route path="/settings/oidc/test/:resultId" element={<TestResultPage />} />
          <Route path="/settings/roles" element={<RolesPage />} />
          <Route path="/settings/ldap" element={<SettingsLdapPage />} />
          <Route path="/settings/email" element={<SettingsEmailPage />} />
          <Route path="/settings/oidc/providers/:id" element={<ProviderEditorPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/api-tokens" element={<ApiTokensPage />} />
          <Route path="/settings/audit" element={<SettingsAuditPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
