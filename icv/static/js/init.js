// Loaded by the base template as <script type="module"> (no inline scripts: strict CSP).
import { initAll } from '../dist/govuk-frontend.min.js'

// Normally already set by js-enabled.js before first paint; repeated here as a fallback.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()
