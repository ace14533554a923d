import { useEffect, useState } from 'preact/hooks';

/** Every page lives under this path; the server answers `index.html` for any path below it. */
export const base = '/explorer';

export function href(path: string): string {
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

const listeners = new Set<() => void>();

/** Goes to a page of the app without reloading (history API). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.scrollTo(0, 0);
  for (const l of listeners) l();
}

/** The current location below `base`: its path (`/blocks/3`) and query. */
export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly hash: string;
}

function current(): Location {
  const { pathname, search, hash } = window.location;
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  return { path: rest === '' ? '/' : rest, query: new URLSearchParams(search), hash };
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return loc;
}

/**
 * Clicks on links inside the app are handled here (no reload); a click with a modifier key, on
 * a link with a target, or to another origin is left to the browser.
 */
export function interceptLinks(): void {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin || !url.pathname.startsWith(base)) return;
    e.preventDefault();
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) {
      history.pushState(null, '', url.hash);
      document.getElementById(decodeURIComponent(url.hash.slice(1)))?.scrollIntoView();
      return;
    }
    navigate(url.pathname + url.search + url.hash);
  });
}
