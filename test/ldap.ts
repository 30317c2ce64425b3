import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { selfSignedCertificate } from './tls-proxy.ts';

// A throwaway OpenLDAP server for the directory sign-in tests: Debian's slapd on free loopback ports,
// a slapd.conf in a temp folder (mdb backend, memberof overlay), TLS under its own self-signed CA for
// ldaps:// and StartTLS, seeded with ldapadd, killed and removed after.

const run = promisify(execFile);

export const LDAP_SUFFIX = 'dc=example,dc=org';
const LDAP_ADMIN_DN = `cn=admin,${LDAP_SUFFIX}`;
/** A read-only service account, the one DeskGate binds as to search. */
export const LDAP_BIND_DN = `cn=deskgate,ou=services,${LDAP_SUFFIX}`;
export const LDAP_BIND_PASSWORD = 'deskgate-bind-secret';
export const LDAP_PEOPLE = `ou=people,${LDAP_SUFFIX}`;
const LDAP_GROUPS = `ou=groups,${LDAP_SUFFIX}`;

/** userAccountControl and sAMAccountName as AD defines them (MS-ADA3), so AD-style entries can be seeded. */
const AD_SCHEMA = `
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.55555.1.1 NAME 'deskgateAdUser' AUXILIARY
  MAY ( userAccountControl $ sAMAccountName ) )
`;

interface LdapUserSeed {
  uid: string;
  password: string;
  cn?: string;
  mail?: string;
  /** Sets userAccountControl (AD): 514 = 512 (normal) | 2 (disabled). */
  userAccountControl?: number;
}

export interface LdapServer {
  /** ldap://localhost:<port> (StartTLS available). */
  url: string;
  /** ldaps://localhost:<port>. */
  ldapsUrl: string;
  /** The PEM of the CA that signed the server certificate. */
  caPem: string;
  userDn(uid: string): string;
  groupDn(cn: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const userDn = (uid: string) => `uid=${uid},${LDAP_PEOPLE}`;
const groupDn = (cn: string) => `cn=${cn},${LDAP_GROUPS}`;

function seedLdif(users: LdapUserSeed[], groups: Record<string, string[]>): string {
  const entries = [
    `dn: ${LDAP_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example`,
    `dn: ou=people,${LDAP_SUFFIX}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=groups,${LDAP_SUFFIX}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: ou=services,${LDAP_SUFFIX}\nobjectClass: organizationalUnit\nou: services`,
    `dn: ${LDAP_BIND_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: deskgate\nuserPassword: ${LDAP_BIND_PASSWORD}`,
    ...users.map((u) =>
      [
        `dn: ${userDn(u.uid)}`,
        'objectClass: inetOrgPerson',
        'objectClass: deskgateAdUser',
        `uid: ${u.uid}`,
        `sAMAccountName: ${u.uid}`,
        `cn: ${u.cn ?? u.uid}`,
        `sn: ${u.uid}`,
        ...(u.mail ? [`mail: ${u.mail}`] : []),
        ...(u.userAccountControl !== undefined ? [`userAccountControl: ${u.userAccountControl}`] : []),
        `userPassword: ${u.password}`,
      ].join('\n'),
    ),
    // Groups after users: the memberof overlay writes memberOf on each member as the group is added.
    ...Object.entries(groups).map(([cn, members]) =>
      [
        `dn: ${groupDn(cn)}`,
        'objectClass: groupOfNames',
        `cn: ${cn}`,
        ...members.map((m) => `member: ${userDn(m)}`),
      ].join('\n'),
    ),
  ];
  return `${entries.join('\n\n')}\n`;
}

/** Starts slapd with the given users and groups (group cn → member uids) and waits until it answers. */
export async function startLdapServer(
  users: LdapUserSeed[],
  groups: Record<string, string[]> = {},
): Promise<LdapServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-slapd-'));
  mkdirSync(path.join(dir, 'db'));
  // New for each server: the readiness check binds with it, so it cannot mistake another run's slapd, one
  // that took the port between freePort() and our slapd's bind, for this one.
  const adminPassword = randomBytes(12).toString('hex');
  const tls = selfSignedCertificate('localhost');
  writeFileSync(path.join(dir, 'server.pem'), tls.cert);
  writeFileSync(path.join(dir, 'server.key'), tls.key);
  writeFileSync(path.join(dir, 'ad.schema'), AD_SCHEMA);
  writeFileSync(
    path.join(dir, 'slapd.conf'),
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `include ${path.join(dir, 'ad.schema')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload memberof',
      `pidfile ${path.join(dir, 'slapd.pid')}`,
      // Like Active Directory, accept a simple bind with a DN and no password as unauthenticated (RFC 4513
      // §5.1.2), so the tests prove DeskGate never sends one.
      'allow bind_anon_cred',
      `TLSCACertificateFile ${path.join(dir, 'server.pem')}`,
      `TLSCertificateFile ${path.join(dir, 'server.pem')}`,
      `TLSCertificateKeyFile ${path.join(dir, 'server.key')}`,
      'database mdb',
      `suffix "${LDAP_SUFFIX}"`,
      `rootdn "${LDAP_ADMIN_DN}"`,
      `rootpw ${adminPassword}`,
      `directory ${path.join(dir, 'db')}`,
      'maxsize 10485760',
      'access to attrs=userPassword by anonymous auth by * none',
      'access to * by users read by * none',
      'overlay memberof',
      '',
    ].join('\n'),
  );
  const seed = path.join(dir, 'seed.ldif');
  writeFileSync(seed, seedLdif(users, groups));
  // The ports are free when picked but bound only as slapd starts: another process (other test files and
  // other runs share the machine) can take one meanwhile, and slapd then exits. So start again on new ports.
  for (let attempt = 1; ; attempt++) {
    const [port, tlsPort] = [await freePort(), await freePort()];
    const slapd = await startSlapd(dir, port, tlsPort, adminPassword).catch(async (err: Error) => {
      if (attempt >= 3 || !/exited/.test(err.message)) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      return null;
    });
    if (!slapd) continue;
    const stop = async () => {
      await slapd.stop();
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await run('ldapadd', [...slapd.adminArgs, '-f', seed]);
    } catch (err) {
      await stop();
      throw err;
    }
    return {
      url: `ldap://localhost:${port}`,
      ldapsUrl: `ldaps://localhost:${tlsPort}`,
      caPem: tls.cert,
      userDn,
      groupDn,
      stop,
    };
  }
}

/**
 * Runs slapd on the two ports and waits until it answers a bind as its administrator: by a 30 s deadline, as
 * a loaded 2-core machine can take seconds to start it (a count of 100 tries gave it about five).
 */
async function startSlapd(dir: string, port: number, tlsPort: number, adminPassword: string) {
  const slapd: ChildProcess = spawn(
    '/usr/sbin/slapd',
    [
      '-d',
      '0',
      '-f',
      path.join(dir, 'slapd.conf'),
      '-h',
      `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${tlsPort}/`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  slapd.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const stop = async () => {
    if (slapd.exitCode === null && slapd.signalCode === null) {
      const exited = new Promise((resolve) => slapd.once('exit', resolve));
      slapd.kill('SIGTERM');
      await exited;
    }
  };
  const adminArgs = ['-x', '-H', `ldap://127.0.0.1:${port}`, '-D', LDAP_ADMIN_DN, '-w', adminPassword];
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (slapd.exitCode !== null) throw new Error(`slapd exited: ${stderr}`);
    try {
      await run('ldapwhoami', adminArgs);
      return { adminArgs, stop };
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
