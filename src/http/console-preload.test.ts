import { describe, expect, it } from 'vitest';
import { pageChunks, withPreloads } from './console-preload.ts';

const manifest = {
  'index.html': { file: 'assets/index-E.js', isEntry: true },
  'pages/Users/index.tsx': { file: 'assets/index-U.js', imports: ['index.html', '_DataTable-D.js'] },
  '_DataTable-D.js': { file: 'assets/DataTable-D.js', imports: ['index.html', '_Pagination-P.js'] },
  '_Pagination-P.js': { file: 'assets/Pagination-P.js', imports: ['index.html'] },
};

describe('a page preloaded in its HTML', () => {
  it("lists the page's chunks and what they import, once each, without the entry", () => {
    expect(pageChunks(manifest, 'pages/Users/index.tsx')).toEqual([
      'assets/index-U.js',
      'assets/DataTable-D.js',
      'assets/Pagination-P.js',
    ]);
    expect(pageChunks(manifest, 'pages/Gone.tsx')).toEqual([]);
  });

  it('adds module and fetch preloads before </head>, with the URLs escaped', () => {
    const html = withPreloads('<html><head><title>x</title></head><body></body></html>', manifest, {
      module: 'pages/Users/index.tsx',
      data: ['/api/console/users?page=1&pageSize=20'],
    });
    expect(html).toContain('<link rel="modulepreload" crossorigin href="/assets/index-U.js">');
    expect(html).toContain(
      '<link rel="preload" href="/api/console/users?page=1&amp;pageSize=20" as="fetch" crossorigin="anonymous">',
    );
    expect(html.indexOf('modulepreload')).toBeLessThan(html.indexOf('</head>'));
  });
});
