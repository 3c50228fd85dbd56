// What report.js keeps on the phone: each draft's answers in localStorage (one entry per draft
// key), the pages the service worker keeps for it, and the form's answers read and put back
// exactly as the server stores them (field name -> list of values).
export const PREFIX = 'icv-report:'
export const CACHE = 'icv-reports-v1'

// Whose words these are: the signed-in person (the page says), so a phone shared by two
// volunteers never sends one's words under the other's session.
const owner = () => document.body.dataset.user

// The signed-in person's drafts kept on this phone.
export function drafts () {
  const keys = []
  for (let i = 0; i < localStorage.length; i++) {
    const name = localStorage.key(i)
    if (!name || !name.startsWith(PREFIX)) continue
    const key = name.slice(PREFIX.length)
    const kept = read(key)
    if (!kept.owner || kept.owner === owner()) keys.push(key)
  }
  return keys
}

export function read (key) {
  try {
    return JSON.parse(localStorage.getItem(PREFIX + key)) || { sections: {}, dirty: {} }
  } catch (error) {
    return { sections: {}, dirty: {} }
  }
}

export function write (key, local) {
  local.owner = local.owner || owner()
  try { localStorage.setItem(PREFIX + key, JSON.stringify(local)) } catch (error) {}
}

// A sent report: its words leave the phone, and so do the pages kept for it.
export function forget (key) {
  localStorage.removeItem(PREFIX + key)
  if (!window.caches) return
  caches.open(CACHE).then((cache) => cache.keys().then((requests) => {
    requests.filter((r) => r.url.includes('/reports/draft/' + key))
      .forEach((r) => cache.delete(r))
  }))
}

// Keep each section's page on the phone, so the report can be written with no signal.
export function keepPages (urls) {
  if (!window.caches) return
  caches.open(CACHE).then((cache) => urls.forEach((url) => {
    cache.match(url).then((kept) => kept || cache.add(url)).catch(() => {})
  }))
}

// The form's answers as the server stores them: field name -> list of values.
export function answersOf (form) {
  const answers = {}
  for (const el of form.elements) {
    if (!el.name || el.name === 'csrf_token' || el.type === 'submit' || el.type === 'button') continue
    if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) {
      answers[el.name] = answers[el.name] || []
      continue
    }
    (answers[el.name] = answers[el.name] || []).push(el.value)
  }
  for (const name of Object.keys(answers)) if (!answers[name].length) delete answers[name]
  return answers
}

export function fill (form, answers) {
  for (const name of Object.keys(answers)) addEntriesFor(form, name)
  const seen = {}
  for (const el of form.elements) {
    if (!el.name || el.name === 'csrf_token' || el.type === 'submit') continue
    const values = answers[el.name] || []
    if (el.type === 'radio' || el.type === 'checkbox') {
      el.checked = values.includes(el.value)
    } else {
      const n = seen[el.name] = (seen[el.name] ?? -1) + 1
      el.value = values[n] ?? ''
    }
  }
}

// Lists (notes, issues) grow one set of boxes at a time: copy the last, numbered on.
function addEntriesFor (form, name) {
  const match = /^(\w+)-(\d+)-/.exec(name)
  if (!match) return
  const entries = form.querySelectorAll('[data-entry="' + match[1] + '"]')
  for (let n = entries.length; n <= Number(match[2]); n++) addEntry(form, match[1])
}

export function addEntry (form, list) {
  const entries = form.querySelectorAll('[data-entry="' + list + '"]')
  const last = entries[entries.length - 1]
  if (!last) return null
  const n = entries.length
  const copy = last.cloneNode(true)
  copy.removeAttribute('id')
  const renumber = (value) => value.replace(new RegExp('^' + list + '-\\d+-'), list + '-' + n + '-')
  for (const el of copy.querySelectorAll('[name],[id],[for],[aria-describedby]')) {
    for (const attr of ['name', 'id', 'for', 'aria-describedby']) {
      if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).split(' ').map(renumber).join(' '))
    }
    if (el.matches('input[type=radio],input[type=checkbox]')) el.checked = false
    else if (el.matches('input,textarea,select')) el.value = ''
  }
  for (const el of copy.querySelectorAll('.govuk-error-message')) el.remove()
  const legend = copy.querySelector('legend')
  if (legend) legend.textContent = legend.textContent.replace(/\d+$/, String(n + 1))
  last.after(copy)
  return copy
}
