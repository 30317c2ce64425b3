import { describe, expect, it } from 'vitest';
import { logStream, usePrettyLogs } from './log-options.ts';

describe('log format (issue 14)', () => {
  it('is readable on a terminal and JSON otherwise, unless LOG_FORMAT forces either', () => {
    expect(usePrettyLogs(undefined, true)).toBe(true);
    expect(usePrettyLogs(undefined, false)).toBe(false);
    expect(usePrettyLogs('json', true)).toBe(false);
    expect(usePrettyLogs('pretty', false)).toBe(true);
    expect(logStream('json', true)).toEqual({});
    expect(logStream('pretty', false).stream).toBeDefined();
  });
});
