import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.ts';

/** A value or a row of values: what a compiled query's arguments may be. */
type Arg = string | number | null | Record<string, string | number | null>;

// Stands in for argument `i` (or its field `key`) while the query is built; no real value starts with NUL.
const MARK = '\u0000deskgate-arg:';
const mark = (i: number, key?: string) => `${MARK}${i}${key === undefined ? '' : `:${key}`}`;

interface Compiled {
  query: CompiledQuery;
  /** Per parameter: which argument (and field of it) fills it; undefined keeps the compiled constant. */
  slots: Array<{ arg: number; key: string | undefined } | undefined>;
  /** The fields of each row argument, in order: another set of fields would need other SQL. */
  shapes: Array<string | undefined>;
}

const shapeOf = (a: Arg) => (a !== null && typeof a === 'object' ? Object.keys(a).join('\u0000') : undefined);

/**
 * A hot query that Kysely builds and compiles once per dialect and then runs with new values (issue 14:
 * building and compiling the same statements again was the largest single cost of a device login, ≈ 20 % of
 * its CPU). `build` receives placeholders in place of its arguments, so an argument may only be a value in
 * the query (a `where` operand, a `set`, a row of `values`), never shape it (no `in` lists, no `if`); a
 * placeholder that ends up in the SQL text, or an argument the parameters never use, is refused at the first
 * call. Runs on a Kysely instance or a transaction alike (both share the dialect's adapter, the cache key).
 */
export function compiledQuery<A extends Arg[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): (db: Kysely<Database>, ...args: A) => Promise<QueryResult<R>> {
  const byDialect = new WeakMap<object, Compiled>();
  const compile = (db: Kysely<Database>, args: A): Compiled => {
    const marks = args.map((a, i) =>
      a !== null && typeof a === 'object'
        ? Object.fromEntries(Object.keys(a).map((k) => [k, mark(i, k)]))
        : mark(i),
    ) as A;
    const query = build(db, ...marks).compile();
    if (query.sql.includes(MARK)) throw new Error(`compiledQuery: an argument shapes the SQL: ${query.sql}`);
    const slots = query.parameters.map((p) => {
      if (typeof p !== 'string' || !p.startsWith(MARK)) return undefined;
      const [arg, key] = p.slice(MARK.length).split(':');
      return { arg: Number(arg), key };
    });
    args.forEach((a, i) => {
      const keys = a !== null && typeof a === 'object' ? Object.keys(a) : [undefined];
      for (const key of keys)
        if (!slots.some((s) => s?.arg === i && s.key === key))
          throw new Error(
            `compiledQuery: argument ${i}${key ? `.${key}` : ''} is not a parameter of ${query.sql}`,
          );
    });
    return { query, slots, shapes: args.map(shapeOf) };
  };
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let compiled = byDialect.get(adapter);
    if (!compiled) {
      compiled = compile(db, args);
      byDialect.set(adapter, compiled);
    }
    const { query, slots, shapes } = compiled;
    args.forEach((a, i) => {
      if (shapeOf(a) !== shapes[i])
        throw new Error(`compiledQuery: argument ${i} has other fields than at first`);
    });
    const parameters = query.parameters.map((p, i) => {
      const slot = slots[i];
      if (!slot) return p;
      const a = args[slot.arg] as Arg;
      return slot.key === undefined ? a : (a as Record<string, unknown>)[slot.key];
    });
    return db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
  };
}
