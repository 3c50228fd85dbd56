// Loaded by the base template as <script type="module"> (no inline scripts: strict CSP).
// GOV.UK Frontend is imported from the address the page names (its modulepreload link), which
// carries a hash of its content like every other asset: a plain '../dist/govuk-frontend.min.js'
// would stay cached for a year after the file changed.
const frontend = document.querySelector('link[data-govuk-frontend]')
const { initAll } = await import(frontend.href)

// Normally already set by js-enabled.js before first paint; repeated here as a fallback.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()

// Signing out with words of a visit report this phone has not yet sent: they stay on the phone
// and go at the next sign-in, but the volunteer may be about to hand the phone on, so ask.
// (The prefix and shape are report-store.js's; importing it here would load it on every page.)
const UNSENT = 'You have written part of a visit report that has not reached the office yet. ' +
  'It stays on this phone and is sent when you next sign in here. Sign out anyway?'

function unsentReport () {
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const name = localStorage.key(i)
      if (!name || !name.startsWith('icv-report:')) continue
      const kept = JSON.parse(localStorage.getItem(name))
      if (kept && kept.dirty && Object.keys(kept.dirty).length) return true
    }
  } catch (error) {}
  return false
}

const signOut = document.querySelector('.icv-header__sign-out-form')
if (signOut) {
  signOut.addEventListener('submit', (event) => {
    if (unsentReport() && !window.confirm(UNSENT)) event.preventDefault()
  })
}
