'use strict';
// The player's service worker keeps the page, its script, style and
// fonts, the last deck and the pictures in the Cache API, so that a reload
// while the server cannot be reached still plays the last content.
// Pictures never change under their address: cache first. Everything else
// comes from the server while it answers, else from the cache.
const CACHE = 'cxtv-tv';
const TIMEOUT_MS = 5000; // a server that does not answer counts as gone
const scope = new URL(self.registration.scope).pathname;

// The page and what it loads are kept at once: the page that registered
// the worker was fetched before it, so not through it.
self.addEventListener('install', e => e.waitUntil((async () => {
  const cache = await caches.open(CACHE);
  await cache.addAll([scope, ...['player.js', 'player.css', 'Inter-Regular.otf', 'Inter-SemiBold.otf'].map(f => scope + '/static/' + f)]);
  await self.skipWaiting();
})()));
self.addEventListener('activate', e => e.waitUntil(self.clients.claim()));

self.addEventListener('fetch', e => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(scope + '/slide/') || url.pathname.startsWith(scope + '/ticker/')) e.respondWith(cacheFirst(req));
  else if (url.pathname === scope || url.pathname.startsWith(scope + '/')) e.respondWith(networkFirst(req));
});

// key is the address without a token, which must not be kept.
function key(href) {
  const u = new URL(href);
  u.searchParams.delete('token');
  return u.href;
}

async function cacheFirst(req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req);
  if (hit) return hit;
  const resp = await fetch(req);
  if (resp.ok) await cache.put(req, resp.clone());
  return resp;
}

async function networkFirst(req) {
  const cache = await caches.open(CACHE);
  let t;
  const late = new Promise((_, reject) => { t = setTimeout(() => reject(new Error('no answer')), TIMEOUT_MS); });
  try {
    const resp = await Promise.race([fetch(req), late]);
    if (resp.ok && resp.type === 'basic') await cache.put(key(req.url), resp.clone());
    return resp;
  } catch (err) {
    // The page is the same whatever its query (its script reads it).
    const hit = await cache.match(key(req.url), { ignoreSearch: req.mode === 'navigate' });
    if (hit) return hit;
    throw err;
  } finally {
    clearTimeout(t);
  }
}
