import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = () => mkdtempSync(path.join(tmpdir(), 'deskgate-config-'));

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const dir = dataDir();
    const config = loadConfig({ DESKGATE_DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 21114,
      host: '0.0.0.0',
      dataDir: dir,
      databaseUrl: undefined,
      trustProxy: false,
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
      secretKeyFileExisted: false,
    });
    expect(config.secretKey).toHaveLength(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the PostgreSQL timeouts in seconds (defaults 5 s and 15 s, issue 15)', () => {
    const dir = dataDir();
    expect(loadConfig({ DESKGATE_DATA_DIR: dir })).toMatchObject({
      dbConnectTimeoutMs: 5000,
      dbStatementTimeoutMs: 15_000,
    });
    expect(
      loadConfig({ DESKGATE_DATA_DIR: dir, DB_CONNECT_TIMEOUT: '2.5', DB_STATEMENT_TIMEOUT: '30' }),
    ).toMatchObject({ dbConnectTimeoutMs: 2500, dbStatementTimeoutMs: 30_000 });
    expect(() => loadConfig({ DESKGATE_DATA_DIR: dir, DB_STATEMENT_TIMEOUT: '0' })).toThrow(
      /DB_STATEMENT_TIMEOUT must be a number of seconds/,
    );
  });

  it('generates the secret key once, owner-only, and reuses it', () => {
    const dir = dataDir();
    const first = loadConfig({ DESKGATE_DATA_DIR: dir });
    expect(first.secretKeyFileExisted).toBe(false);
    const second = loadConfig({ DESKGATE_DATA_DIR: dir });
    expect(second.secretKey.equals(first.secretKey)).toBe(true);
    // The second start knows DeskGate ran here before (a missing database is then refused, main.ts).
    expect(second.secretKeyFileExisted).toBe(true);
    expect(statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('lists every wrong variable with what is expected', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        DESKGATE_PUBLIC_URL: 'rd.example.com/path',
        LOG_LEVEL: 'loud',
        DESKGATE_SECRET_KEY: 'short',
        DESKGATE_ADMIN_PASSWORD: 'abc',
        DESKGATE_SHUTDOWN_TIMEOUT: 'forever',
        LOG_FORMAT: 'xml',
        METRICS_TOKEN: 'short',
        METRICS_PORT: '99999',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      for (const name of [
        'PORT',
        'DATABASE_URL',
        'DESKGATE_PUBLIC_URL',
        'LOG_LEVEL',
        'DESKGATE_SECRET_KEY',
        'DESKGATE_ADMIN_PASSWORD',
        'DESKGATE_SHUTDOWN_TIMEOUT',
        'LOG_FORMAT',
        'METRICS_TOKEN',
        'METRICS_PORT',
      ]) {
        expect(problems.some((p) => p.startsWith(name))).toBe(true);
      }
    }
  });

  it('reads a public URL as an origin and trust-proxy as a switch or a list', () => {
    const config = loadConfig({
      DESKGATE_DATA_DIR: dataDir(),
      DESKGATE_PUBLIC_URL: 'https://rd.example.com/',
      DESKGATE_TRUST_PROXY: '10.0.0.1',
      DESKGATE_SECRET_KEY: 'a'.repeat(64),
    });
    expect(config.publicUrl).toBe('https://rd.example.com');
    expect(config.trustProxy).toBe('10.0.0.1');
    expect(loadConfig({ DESKGATE_DATA_DIR: dataDir(), DESKGATE_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('reads the outbound proxy variables (either case) and refuses one that is not a URL', () => {
    const config = loadConfig({
      DESKGATE_DATA_DIR: dataDir(),
      https_proxy: 'http://proxy.corp.example:3128',
      NO_PROXY: 'localhost,.corp.example',
    });
    expect(config).toMatchObject({
      httpsProxy: 'http://proxy.corp.example:3128',
      httpProxy: '',
      noProxy: 'localhost,.corp.example',
    });
    expect(() => loadConfig({ DESKGATE_DATA_DIR: dataDir(), HTTP_PROXY: 'proxy:3128' })).toThrow(
      /HTTP_PROXY/,
    );
  });

  it('reads the client token lifetime in whole days (default 90) and refuses nonsense', () => {
    expect(loadConfig({ DESKGATE_DATA_DIR: dataDir() }).clientTokenMaxDays).toBe(90);
    expect(
      loadConfig({ DESKGATE_DATA_DIR: dataDir(), DESKGATE_CLIENT_TOKEN_MAX_DAYS: '7' }).clientTokenMaxDays,
    ).toBe(7);
    expect(() => loadConfig({ DESKGATE_DATA_DIR: dataDir(), DESKGATE_CLIENT_TOKEN_MAX_DAYS: '0.5' })).toThrow(
      /DESKGATE_CLIENT_TOKEN_MAX_DAYS must be a whole number of days/,
    );
  });

  it('reads LOG_FORMAT and the metrics settings (issue 14); metrics are off by default', () => {
    const dir = dataDir();
    expect(loadConfig({ DESKGATE_DATA_DIR: dir })).toMatchObject({
      logFormat: undefined,
      metricsToken: undefined,
      metricsPort: undefined,
    });
    const token = 'm'.repeat(32);
    expect(
      loadConfig({ DESKGATE_DATA_DIR: dir, LOG_FORMAT: 'JSON', METRICS_TOKEN: token, METRICS_PORT: '9464' }),
    ).toMatchObject({ logFormat: 'json', metricsToken: token, metricsPort: 9464, metricsHost: '127.0.0.1' });
  });
});
