import { type ComponentType, lazy } from 'react';

type PageModule = { default: ComponentType };

/**
 * `React.lazy` that renders at once when its chunk was loaded before (by `preload`): React's lazy takes a
 * thenable that calls back synchronously as already resolved, so a page preloaded for a full reload renders
 * in React's first pass instead of a Suspense fallback and a second pass (issue 14: the reload's renders).
 */
export function lazyPage(load: () => Promise<PageModule>) {
  let loaded: PageModule | undefined;
  const preload = (): Promise<PageModule> =>
    load().then((m) => {
      loaded = m;
      return m;
    });
  const resolved = (m: PageModule) =>
    ({ then: (onFulfilled: (m: PageModule) => void) => onFulfilled(m) }) as unknown as Promise<PageModule>;
  const Page = lazy(() => (loaded ? resolved(loaded) : preload()));
  return Object.assign(Page, { preload });
}
