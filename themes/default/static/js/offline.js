// @ts-check
// Registers the site's service worker (its URL and scope come from <meta name="hinge-sw">, so the
// base path is the build's, not this file's) and, once this page is cached, shows the page's
// "works offline" note (an element with `data-offline-note`, hidden until then; the calculators
// place it below themselves, so its appearing never moves what the reader is about to tap).

const meta = /** @type {HTMLMetaElement|null} */ (document.querySelector('meta[name="hinge-sw"]'));

/** Shows the page's offline note when the current page is in a cache. */
async function showOfflineNote() {
  const note = /** @type {HTMLElement|null} */ (document.querySelector("[data-offline-note]"));
  if (!note) return;
  const url = new URL(location.href);
  url.search = "";
  const cached = await caches.match(url.href, { ignoreSearch: true });
  if (cached) note.hidden = false;
}

if (meta && "serviceWorker" in navigator) {
  navigator.serviceWorker
    .register(meta.content, { scope: meta.dataset.scope, type: "classic" })
    .then(() => navigator.serviceWorker.ready)
    .then(showOfflineNote)
    .catch(() => {
      // Offline support is an extra: the page works without it.
    });
}
