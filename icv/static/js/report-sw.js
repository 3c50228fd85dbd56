// Service worker of the visit report pages, served from /reports/sw.js so its scope is /reports/.
// It keeps a copy of each draft page it serves, and of the stylesheet and scripts those pages
// use, so a page reloads with no signal; report.js then puts back the words kept on the phone.
// Network first: with a signal, every page is fresh from the server.
const CACHE = 'icv-reports-v1'
const OFFLINE = '/reports/offline'

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(
  // A new version of this file may name a new cache: the old one's pages go.
  caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith('icv-reports-') && n !== CACHE)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim())
))

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  const path = url.pathname
  const page = path.startsWith('/reports/draft/') && !path.endsWith('/data')
  if (!(page || path.startsWith('/static/') || path === OFFLINE)) return
  event.respondWith(networkFirst(request, page && request.mode === 'navigate'))
})

async function networkFirst (request, navigation) {
  const cache = await caches.open(CACHE)
  try {
    const response = await fetch(request)
    if (response.ok && response.type === 'basic' && !response.redirected) {
      await cache.put(request, response.clone())
    }
    return response
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true })
    if (kept) return kept
    const fallback = navigation && (await cache.match(OFFLINE, { ignoreVary: true }))
    if (fallback) return fallback
    throw error
  }
}
