// The service worker hinge generates at the site's base path, so its scope is
// the whole site. It makes the calculators, the warning signs and the home page work offline once
// visited, and never mixes two versions of the site:
// - every file of this build is precached under one cache named for this build's version,
//   fetched past the browser's HTTP cache so that no file of an older build slips in, including
//   the modules pages load later with import() (the planner's plan view, export and import);
// - fingerprinted assets (name.HASH.ext) are served cache-first: a name never changes content;
// - pages are network-first, falling back to this version's copy when offline; a page fetched
//   from the network is kept only if every fingerprinted file it refers to is of this version
//   (a newer build's page waits for the newer worker), so a cached page never pairs with
//   another version's assets;
// - when a new version activates, the caches of older versions are deleted.
const VERSION = {{ version_json | safe }};
const CACHE = `hinge-${VERSION}`;
const BASE = {{ base_path_json | safe }};
const PRECACHE = {{ precache_json | safe }};
const FINGERPRINTED = /\.[0-9a-f]{10}\.[a-z0-9]+$/;
const REFERENCES = /(?:src|href|data-[a-z-]+)="([^"]+\.[0-9a-f]{10}\.[a-z0-9]+)"/g;
const OWN = new Set(PRECACHE);

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("hinge-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** Serves from this version's cache, fetching and keeping what is missing. */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

/** Whether a page's HTML refers only to fingerprinted files of this version. */
async function ofThisVersion(response) {
  if (!(response.headers.get("content-type") || "").includes("text/html")) return false;
  const html = await response.text();
  return [...html.matchAll(REFERENCES)].every((m) => OWN.has(new URL(m[1], self.location.href).pathname));
}

/** Asks the network first; offline, answers with this version's copy of the page. */
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && (await ofThisVersion(response.clone()))) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    throw offline;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  event.respondWith(FINGERPRINTED.test(url.pathname) ? cacheFirst(request) : networkFirst(request));
});
