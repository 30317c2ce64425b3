import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PAGE_PRELOADS, type PagePreload } from '../shared/console-preloads.ts';
import { escapeHtml } from './escape-html.ts';

/** The part of Vite's build manifest read here: each module's output file and the chunks it imports. */
type Manifest = Record<string, { file: string; imports?: string[]; isEntry?: boolean }>;

/** The output files a page's module needs, its own first, without the entry chunk (index.html loads that). */
export function pageChunks(manifest: Manifest, module: string): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry || seen.has(key)) return;
    seen.add(key);
    files.push(chunk.file);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  visit(module);
  return files;
}

/**
 * index.html with the page's preloads before `</head>`: its chunks as module preloads, its first requests as
 * fetch preloads (credentials as the console's same-origin fetch sends them, so the browser hands them over).
 * Without the page's module in the manifest (an old build), only the data is preloaded.
 */
export function withPreloads(indexHtml: string, manifest: Manifest, page: PagePreload): string {
  const links = [
    ...pageChunks(manifest, page.module).map(
      (f) => `<link rel="modulepreload" crossorigin href="/${escapeHtml(f)}">`,
    ),
    ...page.data.map(
      (u) => `<link rel="preload" href="${escapeHtml(u)}" as="fetch" crossorigin="anonymous">`,
    ),
  ];
  return indexHtml.replace('</head>', `${links.join('\n    ')}\n  </head>`);
}

/** Each preloading page's HTML, built once from the console build in `dir` (none when it has no manifest). */
export function preloadPages(dir: string): Map<string, string> {
  const pages = new Map<string, string>();
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return pages; // a build without the manifest: every page gets the plain index.html, as before
  }
  const indexHtml = readFileSync(path.join(dir, 'index.html'), 'utf8');
  for (const [route, page] of Object.entries(PAGE_PRELOADS))
    pages.set(route, withPreloads(indexHtml, manifest, page));
  return pages;
}
