import { describe, expect, it } from 'vitest';
import { en } from '../console/i18n/en.ts';
import { ja } from '../console/i18n/ja.ts';
import { classifyDbError, type DbFaultCode, dbFault } from './faults.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('classifyDbError', () => {
  it.each([
    ['SQLITE_FULL', 'STORAGE_FULL'],
    ['SQLITE_READONLY', 'DB_READ_ONLY'],
    ['SQLITE_READONLY_DBMOVED', 'DB_READ_ONLY'],
    ['SQLITE_IOERR_WRITE', 'DB_UNAVAILABLE'],
    ['ECONNREFUSED', 'DB_UNAVAILABLE'],
    ['ETIMEDOUT', 'DB_UNAVAILABLE'],
    ['ECONNRESET', 'DB_UNAVAILABLE'],
    ['57P01', 'DB_UNAVAILABLE'],
    ['57P03', 'DB_UNAVAILABLE'],
    ['08006', 'DB_UNAVAILABLE'],
    ['25006', 'DB_READ_ONLY'],
    ['53100', 'STORAGE_FULL'],
    ['DESKGATE_DB_FILE_MISSING', 'DB_FILE_MISSING'],
  ])('%s → %s', (code, fault) => {
    expect(classifyDbError(withCode(code))?.code).toBe(fault);
  });

  it("recognises node-postgres' own timeouts and closed connections, which carry no code", () => {
    for (const message of [
      'Query read timeout',
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
    ]) {
      expect(classifyDbError(new Error(message)), message).toMatchObject({
        code: 'DB_UNAVAILABLE',
        connectionLost: true,
      });
    }
  });

  it('leaves bugs and bad input alone', () => {
    expect(classifyDbError(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBeUndefined();
    expect(classifyDbError(withCode('23505'))).toBeUndefined();
    expect(classifyDbError(new TypeError('x is undefined'))).toBeUndefined();
    expect(classifyDbError('not an error')).toBeUndefined();
  });

  it('words every fault in the console in English (the server sentence) and Japanese', () => {
    for (const code of [
      'DB_UNAVAILABLE',
      'STORAGE_FULL',
      'DB_READ_ONLY',
      'DB_FILE_MISSING',
    ] as DbFaultCode[]) {
      expect(en[`errors.${code}`]).toBe(dbFault(code).message);
      expect(ja[`errors.${code}`]).toMatch(/[ぁ-んァ-ン一-龯]/);
    }
  });
});
