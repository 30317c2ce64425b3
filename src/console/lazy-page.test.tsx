import { Suspense } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { lazyPage } from './lazy-page.ts';

const page = () => lazyPage(async () => ({ default: () => <p>the page</p> }));
const render = (Page: ReturnType<typeof page>) =>
  renderToStaticMarkup(
    <Suspense fallback={<p>loading</p>}>
      <Page />
    </Suspense>,
  );

// A reload of a preloaded page renders it in React's first pass, not a spinner and a second pass (issue 14).
describe('a lazy page', () => {
  it('renders at once when its chunk was preloaded', async () => {
    const Page = page();
    await Page.preload();
    expect(render(Page)).toBe('<p>the page</p>');
  });

  it('suspends, as React.lazy does, when it was not', () => {
    expect(render(page())).toBe('<p>loading</p>');
  });
});
