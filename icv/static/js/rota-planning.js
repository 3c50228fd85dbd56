// The page of a rota draft being planned (rota/planning.html). It asks for itself every five
// seconds, quietly, and shows the draft once the page no longer says it is planning (or shows
// the error if the solve failed). The page is not reloaded while the draft is made, so a screen
// reader is not interrupted (a <meta> refresh would be, and axe rightly refuses it). Without
// JavaScript the page has a "Check now" link instead.
const EVERY_MS = 5000
const marker = document.querySelector('[data-icv-planning]')

async function checkAgain () {
  try {
    const response = await fetch(window.location.href, { credentials: 'same-origin' })
    if (response.ok && !(await response.text()).includes('data-icv-planning')) {
      window.location.reload()
      return
    }
  } catch (error) {} // a weak signal: try again at the next tick
  window.setTimeout(checkAgain, EVERY_MS)
}

if (marker) window.setTimeout(checkAgain, EVERY_MS)
