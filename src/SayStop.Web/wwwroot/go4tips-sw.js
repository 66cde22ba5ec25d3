// Go4Tips service worker, registered by js/go4tips-offline.js with the scope /{culture}/go4tips/.
// It keeps the offline page, the assets it uses, the icons and every deck of that language, and serves them when the
// network is gone. Network first for everything (fresh when online), the kept copy otherwise. It never touches POSTs
// (answers go through IndexedDB and the sync endpoint) nor other hosts.
'use strict';
var CACHE = 'go4tips-offline-v1';
var base = new URL(self.registration.scope).pathname; // e.g. /en/go4tips/
var appPage = base + 'offline';

function sameOrigin(url) { return new URL(url, self.location.href).origin === self.location.origin; }

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return fetch(appPage, { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
      if (!response.ok) { throw new Error('offline page ' + response.status); }
      return response.clone().text().then(function (html) {
        var urls = [base + 'manifest.webmanifest', '/img/go4tips.svg', '/img/go4tips-192.png', '/img/go4tips-512.png'];
        var re = /(?:href|src|data-deck-url)="([^"]+)"/g, m;
        while ((m = re.exec(html)) !== null) {
          var u = m[1].replace(/&amp;/g, '&');
          if (u.charAt(0) === '/' && u.charAt(1) !== '/' && (/^\/(css|js|img)\//.test(u) || /\/offline\.json$/.test(u))) { urls.push(u); }
        }
        return cache.put(appPage, response).then(function () {
          return Promise.all(urls.filter(function (u, i) { return urls.indexOf(u) === i; }).map(function (u) {
            return fetch(u, { credentials: 'same-origin' }).then(function (r) { if (r.ok) { return cache.put(u, r); } return null; });
          }));
        });
      });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('go4tips-offline-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request) {
  var url = new URL(request.url);
  return url.pathname.indexOf(base) === 0 || /^\/(css|js|img)\//.test(url.pathname);
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || !sameOrigin(request.url) || !keep(request)) { return; }
  var url = new URL(request.url);
  // The sync token is only useful online; never keep it.
  if (url.pathname === base + 'sync') { return; }
  var key = url.pathname.indexOf(base) === 0 && url.pathname.slice(-('/offline.json'.length)) === '/offline.json' ? url.pathname : request;
  event.respondWith(fetch(request).then(function (response) {
    // Only what the app needs is kept: its page, the decks, the manifest and the assets (not the learner's other pages).
    var wanted = url.pathname === appPage || key === url.pathname || url.pathname === base + 'manifest.webmanifest'
      || /^\/(css|js|img)\//.test(url.pathname);
    if (wanted && response.ok && response.type === 'basic') {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(key, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(key, { ignoreVary: true }).then(function (hit) {
        if (hit) { return hit; }
        if (request.mode === 'navigate') { return cache.match(appPage, { ignoreVary: true }); }
        return Response.error();
      });
    });
  }));
});
