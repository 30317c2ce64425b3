import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { operatorTunesYoungGeneration } from './young-generation.ts';

const run = promisify(execFile);
const moduleUrl = new URL('./young-generation.ts', import.meta.url).href;

/** Sizes of V8's young generation in a fresh process that piles up long-lived objects held, then released. */
async function youngGenerationSizes(execArgv: string[]) {
  const script = `
    import v8 from 'node:v8';
    import { holdYoungGeneration, releaseYoungGeneration } from ${JSON.stringify(moduleUrl)};
    const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    const keep = [];
    const pile = () => { for (let i = 0; i < 300000; i++) keep.push({ i, s: 'x' + i }); };
    holdYoungGeneration(process.execArgv, '');
    const initial = newSpace();
    pile();
    const held = newSpace();
    releaseYoungGeneration();
    pile();
    console.log(JSON.stringify({ initial, held, released: newSpace() }));`;
  const { stdout } = await run(
    process.execPath,
    [...execArgv, '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)) },
  );
  return JSON.parse(stdout) as { initial: number; held: number; released: number };
}

describe('young generation at boot (issue 14: idle RSS)', () => {
  test('held, it keeps its size while long-lived objects pile up; released, it grows as V8 likes', async () => {
    const sizes = await youngGenerationSizes([]);
    expect(sizes.held).toBe(sizes.initial);
    expect(sizes.released).toBeGreaterThan(sizes.held);
  }, 60_000);

  test("the operator's own young-generation flags win: nothing is held", async () => {
    const sizes = await youngGenerationSizes(['--semi-space-growth-factor=2']);
    expect(sizes.held).toBeGreaterThan(sizes.initial);
  }, 60_000);

  test('recognises the flags that tune it, on the command line or in NODE_OPTIONS', () => {
    expect(operatorTunesYoungGeneration(['--max-semi-space-size=8'], '')).toBe(true);
    expect(operatorTunesYoungGeneration([], '--inspect --max_semi_space_size=4')).toBe(true);
    expect(operatorTunesYoungGeneration([], '--semi-space-growth-factor=4')).toBe(true);
    expect(operatorTunesYoungGeneration(['--enable-source-maps'], '--max-old-space-size=160')).toBe(false);
  });
});
