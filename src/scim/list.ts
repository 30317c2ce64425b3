import type { Filter } from 'scim2-parse-filter';
import { ScimError } from './errors.ts';
import { loadScimFilter } from './filter-module.ts';
import type { Attributes } from './patch.ts';

// RFC 7644 §3.4.2: filtering (parsed by scim2-parse-filter), pagination and attribute projection.

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const MAX_RESULTS = 200;

export function parseFilter(text: string): Filter {
  try {
    return loadScimFilter().parse(text);
  } catch {
    throw new ScimError(400, `The filter "${text}" cannot be read.`, 'invalidFilter');
  }
}

/**
 * The value of a filter that is just `<attr> eq "<string>"` on one of `attrs` (what Entra sends:
 * `userName eq "…"`, `externalId eq "…"`, `displayName eq "…"`), answered by an indexed query.
 */
export function equalityOn(f: Filter, attrs: string[]): { attr: string; value: string } | undefined {
  if (f.op !== 'eq' || !('attrPath' in f) || !('compValue' in f) || typeof f.compValue !== 'string')
    return undefined;
  const attr = attrs.find((a) => a.toLowerCase() === f.attrPath.toLowerCase());
  return attr ? { attr, value: f.compValue } : undefined;
}

/** Applies any other filter to the resources themselves. */
export const matching = (resources: Attributes[], f: Filter) => resources.filter(loadScimFilter().filter(f));

export interface ListQuery {
  filter?: string | undefined;
  startIndex?: number | undefined;
  count?: number | undefined;
  attributes?: string | undefined;
  excludedAttributes?: string | undefined;
}

const names = (list: string | undefined) =>
  new Set(
    (list ?? '')
      .split(',')
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean),
  );

/** §3.4.2.5 / §3.9: `attributes` keeps only those (plus id, schemas, meta); `excludedAttributes` drops those. */
export function project(
  resource: Attributes,
  query: Pick<ListQuery, 'attributes' | 'excludedAttributes'>,
): Attributes {
  const only = names(query.attributes);
  const except = names(query.excludedAttributes);
  const always = new Set(['id', 'schemas', 'meta']);
  return Object.fromEntries(
    Object.entries(resource).filter(([k]) => {
      const key = k.toLowerCase();
      if (always.has(key)) return true;
      if (only.size > 0 && !only.has(key)) return false;
      return !except.has(key);
    }),
  );
}

interface ListPage {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: Attributes[];
}

/** A ListResponse page (§3.4.2.4): 1-based `startIndex`, at most MAX_RESULTS. */
export function listResponse(resources: Attributes[], query: ListQuery): ListPage {
  const start = Math.max(1, query.startIndex ?? 1);
  const count = Math.min(MAX_RESULTS, Math.max(0, query.count ?? MAX_RESULTS));
  const page = resources.slice(start - 1, start - 1 + count).map((r) => project(r, query));
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    startIndex: start,
    itemsPerPage: page.length,
    Resources: page,
  };
}
