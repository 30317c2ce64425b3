/**
 * Where a sign-in may send the person afterwards: a path on this origin, never another site. `value` is
 * resolved against `origin` the way a browser resolves a Location header (WHATWG URL), so every trick that
 * leaves the origin — `//evil`, `/\evil`, `https://evil`, `/..//evil` — is caught by comparing origins, not by
 * guessing at strings. Control characters and whitespace are refused before resolving: browsers strip tabs
 * and newlines from URLs (`/\t/evil` becomes `//evil`), and a newline cannot go into a header at all.
 * Returns path + query + hash only, or '/' when the value is missing or unsafe.
 */
export function safeReturnTo(value: string | null | undefined, origin: string): string {
  if (!value || !value.startsWith('/') || /[\s\p{Cc}]/u.test(value)) return '/';
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return '/';
  }
  // A path that resolves to `//host` (e.g. `/.//evil`) would be read as another origin when sent back.
  if (url.origin !== base.origin || url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
