import type { Filter } from 'scim2-parse-filter';
import { ScimError } from './errors.ts';
import { loadScimFilter } from './filter-module.ts';

// RFC 7644 §3.5.2 PATCH, as Microsoft Entra's provisioning service sends it ("Known issues and resolutions
// with SCIM 2.0 protocol compliance of the Microsoft Entra user provisioning service",
// https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility):
// `op` in any case ("Replace", "Add"), operations with and without `path`, a value-less `path` holding a
// filter (`emails[type eq "work"].value`), and extension attributes addressed by their schema URN.

export type Attributes = Record<string, unknown>;

export interface PatchOperation {
  op: string;
  path?: string | undefined;
  value?: unknown;
}

export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** Extension schemas whose attributes are addressed `<urn>:<attribute>`; unknown URNs are kept as given. */
const EXTENSION_URNS = [ENTERPRISE_USER_SCHEMA];

const isObject = (v: unknown): v is Attributes => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The existing key matching `name` case-insensitively (attribute names are, RFC 7643 §2.1), or `name`. */
function keyOf(target: Attributes, name: string): string {
  return Object.keys(target).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
}

interface ParsedPath {
  /** The object the attribute lives in: the resource, or an extension's object. */
  container: string | undefined;
  attr: string;
  filter: Filter | undefined;
  sub: string | undefined;
}

/** `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`, each optionally after an extension URN. */
function parsePath(path: string): ParsedPath {
  let rest = path;
  let container: string | undefined;
  const urn = EXTENSION_URNS.find((u) => path.toLowerCase().startsWith(`${u.toLowerCase()}:`));
  if (urn) {
    container = urn;
    rest = path.slice(urn.length + 1);
  } else if (EXTENSION_URNS.some((u) => u.toLowerCase() === path.toLowerCase())) {
    return { container: undefined, attr: path, filter: undefined, sub: undefined };
  }
  const match = /^([A-Za-z][\w$-]*)(?:\[(.+)\])?(?:\.([A-Za-z][\w$-]*))?$/.exec(rest);
  if (!match?.[1])
    throw new ScimError(400, `The PATCH path "${path}" is not a SCIM attribute path.`, 'invalidPath');
  let parsed: Filter | undefined;
  if (match[2]) {
    try {
      parsed = loadScimFilter().parse(match[2]);
    } catch {
      throw new ScimError(400, `The filter in the PATCH path "${path}" cannot be read.`, 'invalidPath');
    }
  }
  return { container, attr: match[1], filter: parsed, sub: match[3] };
}

/** A new element a value filter implies: `type eq "work"` → `{ type: 'work' }` (Entra's email replace). */
function elementFor(f: Filter): Attributes {
  if (f.op === 'eq' && 'attrPath' in f && 'compValue' in f) return { [f.attrPath]: f.compValue };
  if (f.op === 'and' && 'filters' in f) return Object.assign({}, ...f.filters.map(elementFor));
  return {};
}

function applyAt(target: Attributes, op: 'add' | 'replace' | 'remove', path: ParsedPath, value: unknown) {
  const holder = path.container ? ((target[keyOf(target, path.container)] ??= {}) as Attributes) : target;
  if (!isObject(holder)) throw new ScimError(400, `${path.container} is not an object.`, 'invalidPath');
  const attr = keyOf(holder, path.attr);
  if (path.filter) {
    const list = Array.isArray(holder[attr]) ? (holder[attr] as unknown[]) : [];
    const test = loadScimFilter().filter(path.filter);
    const matches = list.filter((e) => isObject(e) && test(e)) as Attributes[];
    if (op === 'remove') {
      if (path.sub) for (const m of matches) delete m[keyOf(m, path.sub)];
      else holder[attr] = list.filter((e) => !matches.includes(e as Attributes));
      return;
    }
    if (matches.length === 0) {
      const created = elementFor(path.filter);
      matches.push(created);
      list.push(created);
    }
    for (const m of matches) {
      if (path.sub) m[keyOf(m, path.sub)] = value;
      else if (isObject(value)) Object.assign(m, value);
    }
    holder[attr] = list;
    return;
  }
  if (path.sub) {
    const inner = isObject(holder[attr]) ? (holder[attr] as Attributes) : {};
    if (op === 'remove') delete inner[keyOf(inner, path.sub)];
    else inner[keyOf(inner, path.sub)] = value;
    holder[attr] = inner;
    return;
  }
  if (op === 'remove') {
    // RFC 7644 §3.5.2.2: a remove with a value removes just those elements of a multi-valued attribute.
    if (Array.isArray(holder[attr]) && Array.isArray(value)) {
      const gone = new Set(value.map((v) => (isObject(v) ? String(v.value) : String(v))));
      holder[attr] = (holder[attr] as unknown[]).filter((e) => !(isObject(e) && gone.has(String(e.value))));
    } else delete holder[attr];
    return;
  }
  if (op === 'add' && Array.isArray(holder[attr]) && Array.isArray(value)) {
    holder[attr] = [...(holder[attr] as unknown[]), ...value];
    return;
  }
  holder[attr] = value;
}

function opOf(op: unknown): 'add' | 'replace' | 'remove' {
  const name = typeof op === 'string' ? op.toLowerCase() : '';
  if (name === 'add' || name === 'replace' || name === 'remove') return name;
  throw new ScimError(
    400,
    `The PATCH operation "${String(op)}" is not add, replace or remove.`,
    'invalidSyntax',
  );
}

/**
 * Applies PATCH operations to a resource's attributes (in place). Without `path`, the value's keys are
 * paths themselves — plain (`displayName`), dotted (`name.givenName`), filtered, or an extension URN whose
 * object holds that extension's attributes.
 */
export function applyPatch(target: Attributes, operations: PatchOperation[]): void {
  for (const operation of operations) {
    const op = opOf(operation.op);
    if (operation.path) {
      applyAt(target, op, parsePath(operation.path), operation.value);
      continue;
    }
    if (!isObject(operation.value))
      throw new ScimError(400, 'A PATCH operation without a path needs an object value.', 'invalidValue');
    for (const [key, value] of Object.entries(operation.value)) {
      const urn = EXTENSION_URNS.find((u) => u.toLowerCase() === key.toLowerCase());
      if (urn && isObject(value)) {
        for (const [inner, v] of Object.entries(value)) applyAt(target, op, parsePath(`${urn}:${inner}`), v);
      } else {
        applyAt(target, op, parsePath(key), value);
      }
    }
  }
}
