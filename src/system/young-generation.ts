import v8 from 'node:v8';

/** V8's default factor by which the young generation grows when much of it survives a scavenge. */
const DEFAULT_GROWTH_FACTOR = 2;

let held = false;

/** True when the operator tunes the young generation themselves (their flags win over ours). */
export function operatorTunesYoungGeneration(execArgv: readonly string[], nodeOptions = ''): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) =>
    /^--(max|min)[-_]semi[-_]space[-_]size|^--semi[-_]space[-_]growth[-_]factor/.test(arg),
  );
}

/**
 * Keeps V8's young generation at its initial size while the server starts (issue 14: idle RSS ≤ 120 MB).
 *
 * Start-up allocates mostly objects that live for good (modules, routes, schemas), so every scavenge sees a
 * high survival rate and V8 doubles the young generation up to its maximum: two 16 MB semi-spaces, ≈ 30 MB
 * resident, of which ≈ 5 MB is live when the server idles, and V8 never gives it back. With growth off during
 * start-up those objects are promoted to the old generation instead, where they belong. {@link releaseYoungGeneration}
 * restores V8's default once the server listens, so under load the young generation grows as usual (a small
 * one would make the heartbeat scavenge more often).
 */
export function holdYoungGeneration(execArgv: readonly string[], nodeOptions: string | undefined): void {
  if (held || operatorTunesYoungGeneration(execArgv, nodeOptions)) return;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  held = true;
}

/** Lets the young generation grow again (V8's default); a no-op unless {@link holdYoungGeneration} held it. */
export function releaseYoungGeneration(): void {
  if (!held) return;
  v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
  held = false;
}
