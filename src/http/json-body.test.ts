import { describe, expect, it } from 'vitest';
import { assertJsonDepth, MAX_JSON_DEPTH } from './json-body.ts';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('assertJsonDepth', () => {
  it('allows exactly the limit and refuses one level more', () => {
    expect(() => assertJsonDepth(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => assertJsonDepth(nested(MAX_JSON_DEPTH + 1))).toThrow(/nested more than 32 levels/);
    expect(() => assertJsonDepth(`{"a":${nested(MAX_JSON_DEPTH)}}`)).toThrow();
  });

  it('does not count brackets inside strings, also after escaped quotes and backslashes', () => {
    const text = JSON.stringify({ a: '['.repeat(100), b: '\\"{{{{', c: 'x\\', d: '{'.repeat(100) });
    expect(() => assertJsonDepth(text)).not.toThrow();
    // Depth counts again after the string ends: `"x\\"` closes after the escaped backslash.
    expect(() => assertJsonDepth(`["x\\\\",${nested(MAX_JSON_DEPTH)}]`)).toThrow();
  });

  it('leaves malformed text to the parser', () => {
    expect(() => assertJsonDepth(']]]]{"a":')).not.toThrow();
  });
});
