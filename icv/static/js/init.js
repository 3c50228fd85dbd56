// Loaded by the base template as <script type="module"> (no inline scripts: strict CSP).
// GOV.UK Frontend is imported from the address the page names (its modulepreload link), which
// carries a hash of its content like every other asset: a plain '../dist/govuk-frontend.min.js'
// would stay cached for a year after the file changed.
const frontend = document.querySelector('link[data-govuk-frontend]')
const { initAll } = await import(frontend.href)

// Normally already set by js-enabled.js before first paint; repeated here as a fallback.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()

// What a visit report leaves on this phone (report-store.js's prefix and shape: importing it here
// would load it on every page) is the signed-in person's alone. Signing out, or someone else
// signing in on the same phone, removes every report the office already has and the pages the
// service worker kept; words the office does not have yet stay, to be sent at the next sign-in.
const PREFIX = 'icv-report:'
const UNSENT = 'You have written part of a visit report that has not reached the office yet. ' +
  'It stays on this phone and is sent when you next sign in here. Sign out anyway?'

function storedReports () {
  const kept = []
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const name = localStorage.key(i)
      if (!name || !name.startsWith(PREFIX)) continue
      const entry = JSON.parse(localStorage.getItem(name)) || {}
      const unsent = Boolean((entry.dirty && Object.keys(entry.dirty).length) || entry.send)
      kept.push({ name, owner: entry.owner, unsent })
    }
  } catch (error) {}
  return kept
}

// Remove the reports the office already has (but those of ``keep``, when given)
// and every page the service worker kept.
async function forgetSentReports (keep) {
  for (const report of storedReports()) {
    if (!report.unsent && (!keep || report.owner !== keep)) localStorage.removeItem(report.name)
  }
  if (window.caches) {
    const names = await caches.keys()
    await Promise.all(names.filter((n) => n.startsWith('icv-reports-')).map((n) => caches.delete(n)))
  }
}

const user = document.body.dataset.user
if (user) {
  try {
    const last = localStorage.getItem('icv-user')
    if (last && last !== user) forgetSentReports(user)
    localStorage.setItem('icv-user', user)
  } catch (error) {}
}

const signOut = document.querySelector('.icv-header__sign-out-form')
if (signOut) {
  signOut.addEventListener('submit', async (event) => {
    if (signOut.dataset.cleared) return
    event.preventDefault()
    const unsent = storedReports().some((report) => report.unsent)
    if (unsent && !window.confirm(UNSENT)) return
    await forgetSentReports()
    // The server then clears all the site's storage (Clear-Site-Data) only if nothing is unsent.
    signOut.elements.unsent.value = unsent ? 'yes' : ''
    signOut.dataset.cleared = 'yes'
    signOut.requestSubmit()
  })
}
