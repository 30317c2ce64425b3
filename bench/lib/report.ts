/** One measured figure, with the target when it has one. */
export interface Figure {
  label: string;
  value: number;
  unit: string;
  target?: { cmp: '>=' | '<='; value: number };
}

export function met(f: Figure): boolean | undefined {
  if (!f.target) return undefined;
  return f.target.cmp === '>=' ? f.value >= f.target.value : f.value <= f.target.value;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1));

/** Prints a benchmark's figures, one per line, each target with its verdict. */
export function printFigures(
  title: string,
  figures: Figure[],
  out: (line: string) => void = console.log,
): void {
  out(`\n== ${title}`);
  for (const f of figures) {
    const value = `${fmt(f.value)} ${f.unit}`.trim();
    const verdict = met(f);
    const target = f.target ? `  target ${f.target.cmp} ${fmt(f.target.value)} ${f.unit}`.trimEnd() : '';
    const word = verdict === undefined ? '' : verdict ? '  MET' : '  MISSED';
    out(`  ${f.label.padEnd(52)} ${value.padStart(14)}${target}${word}`);
  }
}
