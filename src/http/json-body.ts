import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * No real body comes close: the deepest the client sends is the legacy address book's `data` string
 * (book → peers → peer → tags, 4 levels); the console's bodies are flatter. A 100,000-deep array
 * used to answer 500 after stalling the event loop.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Refuses JSON text nested deeper than `max` with one linear pass that skips string contents (so a
 * bracket inside a string or after an escaped quote does not count). It does not validate: malformed
 * text that passes is refused by the parser that runs next.
 */
export function assertJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) throw tooDeep(max);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
}

const tooDeep = (max: number) =>
  new AppError(
    'BODY_TOO_DEEP',
    400,
    `The JSON body is nested more than ${max} levels deep; no DeskGate request needs that, so send a flatter document.`,
  );

type Done = (err: Error | null, body?: unknown) => void;

/**
 * The application/json parser of every route: the depth check, then Fastify's own parser
 * (secure-json-parse, refusing `__proto__` and `constructor.prototype` keys, with the usual empty-body and
 * invalid-JSON errors). `prepare` lets a route rewrite the text first (the audit uploads' u64 ids).
 */
export function depthLimitedJsonParser(app: FastifyInstance, prepare: (text: string) => string = (t) => t) {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: string | Buffer, done: Done): void => {
    const text = String(body);
    try {
      assertJsonDepth(text);
    } catch (err) {
      done(err as Error);
      return;
    }
    parse(request, prepare(text), done);
  };
}
