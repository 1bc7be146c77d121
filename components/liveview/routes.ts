// The URLs the live view serves (pure). Each is matched exactly on the decoded, normalised path;
// no part of a URL ever names a file, so no URL can reach a file (thumbnails are addressed by the
// live view's own entry number, and the page's three files are a fixed list).

export const PAGE_ASSETS = {
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
} as const;

export type AssetPath = keyof typeof PAGE_ASSETS;

export type Route =
  | { readonly kind: 'page'; readonly token?: string }
  | { readonly kind: 'asset'; readonly path: AssetPath }
  | { readonly kind: 'events' }
  | { readonly kind: 'thumbnail'; readonly seq: number }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed' };

const THUMBNAIL = /^\/thumbnails\/([1-9]\d{0,14})$/;

export function routeOf(method: string | undefined, rawUrl: string | undefined): Route {
  let url: URL;
  try {
    url = new URL(rawUrl ?? '/', 'http://live-view.invalid');
  } catch {
    return { kind: 'not-found' };
  }
  const route = routeOfPath(url);
  if (route.kind === 'not-found') return route;
  // HEAD gets the headers of a file or the page; an event stream is only for a GET.
  const allowed = method === 'GET' || (method === 'HEAD' && route.kind !== 'events');
  return allowed ? route : { kind: 'method-not-allowed' };
}

function routeOfPath(url: URL): Route {
  const { pathname } = url;
  if (pathname === '/') {
    const token = url.searchParams.get('token');
    return token === null ? { kind: 'page' } : { kind: 'page', token };
  }
  if (pathname === '/events') return { kind: 'events' };
  if (Object.hasOwn(PAGE_ASSETS, pathname)) return { kind: 'asset', path: pathname as AssetPath };
  const thumbnail = THUMBNAIL.exec(pathname);
  if (thumbnail?.[1]) return { kind: 'thumbnail', seq: Number(thumbnail[1]) };
  return { kind: 'not-found' };
}
