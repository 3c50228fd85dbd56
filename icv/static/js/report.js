// The visit report on a phone: never lose a word.
//
// Every change is kept on the phone at once (localStorage, one entry per draft key) and saved
// to the server in the background when there is a signal. A page opened with no signal comes
// from the service worker's copy, and the words are put back from the phone. "Send report"
// with no signal (or after the session ended) is queued and sent when the phone is back online
// and signed in; the server stores one report per draft key however often it is sent. A server
// that answers 5xx (busy, or its database locked) is treated like no signal: the words and the
// queued send stay on the phone and are tried again after the time it asks (Retry-After).
// Without JavaScript every section still posts to the server as a plain form.
// The page names the helper module's versioned address, so a new version is never stale.
const app = document.querySelector('[data-report-app]')
const { addEntry, answersOf, drafts, fill, forget, keepPages, read, write } = app
  ? await import(app.dataset.store)
  : {}
const SAVE_DELAY = 1200
// What the page says about the words typed, in English; the page gives them in its own
// language (data-words on the report app, from templates/visits/_app.html).
const WORDS = {
  saved: 'Saved.',
  kept: 'Saved on this phone.',
  offline: 'No signal: saved on this phone, and sent when you are back online.',
  queued: 'No signal: your report is kept on this phone and will be sent as soon as you ' +
    'are back online.',
  busy: 'The service is busy: saved on this phone, and sent again in a moment.',
  sendBusy: 'The service is busy: your report is kept on this phone and will be sent ' +
    'again in a moment.',
  signedOut: 'You have been signed out. Everything you typed is kept on this phone.',
  signIn: 'Sign in again to save it'
}
Object.assign(WORDS, app && app.dataset.words ? JSON.parse(app.dataset.words) : {})
const SAVED = WORDS.saved
const KEPT = WORDS.kept
const OFFLINE = WORDS.offline
const QUEUED = WORDS.queued
const BUSY = WORDS.busy
const SEND_BUSY = WORDS.sendBusy
// Seconds before trying again after a 5xx, when the server does not say (and at most).
const RETRY_SECONDS = 30
const MAX_RETRY_SECONDS = 300

// The server answered 5xx: nothing it was sent may be taken as stored.
class ServerBusy extends Error {
  constructor (response) {
    super('server busy: ' + response.status)
    const asked = parseInt(response.headers.get('Retry-After'), 10)
    this.seconds = Math.min(asked >= 0 ? asked : RETRY_SECONDS, MAX_RETRY_SECONDS)
  }
}

// Fetch, with a 5xx answer thrown as ServerBusy (a failed fetch throws as it always does).
async function fetchOrBusy (url, options) {
  const response = await fetch(url, options)
  if (response.status >= 500) throw new ServerBusy(response)
  return response
}

// One catch-up (save every draft, send every queued report) after the server asked us to wait.
let catchUp = async () => {}
let retryTimer = null
function retryAfter (busy) {
  if (retryTimer) return
  retryTimer = setTimeout(() => {
    retryTimer = null
    catchUp()
  }, busy.seconds * 1000)
}

function start (app) {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(app.dataset.sw, { scope: '/reports/' }).catch(() => {})
  }
  if (app.dataset.sent) forget(app.dataset.sent)
  if (app.dataset.precache) keepPages(app.dataset.precache.split(' ').filter(Boolean))
  const draft = app.dataset.key ? new Draft(app) : null
  const form = document.querySelector('[data-report-form]')
  if (draft && form) draft.watch(form)
  const send = document.querySelector('[data-report-send]')
  if (draft && send) {
    draft.sendForm = send
    send.addEventListener('submit', (event) => draft.send(event))
  }
  catchUp = async () => {
    // A page drawn before the phone's words reached the server is drawn again after.
    const stale = draft && !form && Object.keys(read(draft.key).dirty).length
    await saveAll(draft)
    if (stale && !Object.keys(read(draft.key).dirty).length) return window.location.reload()
    await sendQueued(draft)
  }
  window.addEventListener('online', catchUp)
  catchUp()
}

function helperFor (key, current) {
  if (current && current.key === key) return current
  const check = '/reports/draft/' + key + '/check'
  return new Draft({
    dataset: {
      key,
      save: '/reports/draft/' + key + '/data',
      signIn: '/sign-in?next=' + encodeURIComponent(check)
    }
  })
}

async function saveAll (current) {
  for (const key of drafts()) {
    if (Object.keys(read(key).dirty).length) await helperFor(key, current).save()
  }
}

class Draft {
  constructor (app) {
    this.key = app.dataset.key
    this.saveUrl = app.dataset.save
    this.signIn = app.dataset.signIn
    this.status = document.querySelector('[data-save-status]')
    this.timer = null
  }

  say (text, link) {
    if (!this.status || (this.signedOutShown && !link && text !== SAVED)) return
    // The words are kept even with mistakes, but "Saved" beside a list of problems reads as
    // "all is well": say nothing until the problems are put right and the page posted again.
    const fine = text === SAVED || text === KEPT
    this.status.textContent = fine && document.querySelector('.govuk-error-summary') ? '' : text
    if (link) {
      const a = document.createElement('a')
      a.className = 'govuk-link'
      a.href = link.href
      a.textContent = link.text
      this.status.append(' ', a)
    }
  }

  signedOut () {
    this.signedOutShown = true
    this.say(WORDS.signedOut, { href: this.signIn, text: WORDS.signIn })
  }

  token () {
    const input = document.querySelector('input[name=csrf_token]')
    return this.csrf || (input && input.value) || ''
  }

  watch (form) {
    this.form = form
    this.slug = form.dataset.section
    const local = read(this.key)
    if (local.sections[this.slug] && (local.dirty[this.slug] || !navigator.onLine)) {
      fill(form, local.sections[this.slug])
    } else {
      local.sections[this.slug] = answersOf(form)
      write(this.key, local)
    }
    const changed = () => this.keep()
    form.addEventListener('input', changed)
    form.addEventListener('change', changed)
    form.addEventListener('submit', (event) => this.post(event))
  }

  keep () {
    const local = read(this.key)
    local.sections[this.slug] = answersOf(this.form)
    local.dirty[this.slug] = (local.dirty[this.slug] || 0) + 1
    write(this.key, local)
    this.say(KEPT)
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.save(), SAVE_DELAY)
  }

  // Send what changed on the phone to the server: 'saved' when the server has everything,
  // 'offline' with no signal, 'refused' when the server would not take it (signed out).
  async save () {
    const local = read(this.key)
    const slugs = Object.keys(local.dirty)
    if (!slugs.length) return 'saved'
    const sections = {}
    for (const slug of slugs) sections[slug] = local.sections[slug]
    let response
    try {
      response = await this.postJson({ sections })
    } catch (error) {
      if (!(error instanceof ServerBusy)) {
        this.say(OFFLINE)
        return 'offline'
      }
      this.say(BUSY)
      retryAfter(error)
      return 'busy'
    }
    if (!response) return 'refused'
    const now = read(this.key)
    for (const slug of slugs) if (now.dirty[slug] === local.dirty[slug]) delete now.dirty[slug]
    write(this.key, now)
    this.signedOutShown = false
    this.say(SAVED)
    return Object.keys(now.dirty).length ? 'offline' : 'saved'
  }

  async postJson (body, retried) {
    const response = await fetchOrBusy(this.saveUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': this.token() },
      body: JSON.stringify(body)
    })
    if (response.ok) return response
    if (response.status === 409) {
      const answer = await response.json()
      forget(this.key)
      window.location.assign(answer.report)
      return null
    }
    if (!retried && (await this.refresh())) return this.postJson(body, true)
    return null
  }

  // A refused post: the session ended (sign in again) or its token is stale (take the new one).
  async refresh () {
    const response = await fetchOrBusy(this.saveUrl, { credentials: 'same-origin' })
    if (response.status === 401) {
      this.signedOut()
      return false
    }
    if (!response.ok) return false
    this.csrf = (await response.json()).csrf_token
    for (const input of document.querySelectorAll('input[name=csrf_token]')) input.value = this.csrf
    return true
  }

  // "Save and continue": post in the background; with no signal, go on through kept pages.
  async post (event) {
    if (this.form.dataset.native) return
    event.preventDefault()
    const button = event.submitter
    this.keep()
    const body = new FormData(this.form, button)
    let response
    try {
      response = await fetchOrBusy(window.location.href, {
        method: 'POST', body, credentials: 'same-origin'
      })
    } catch (error) {
      // No signal, or the server could not save it: the words are on the phone, and the
      // background save sends them later; go on through the kept pages.
      if (error instanceof ServerBusy) retryAfter(error)
      this.say(error instanceof ServerBusy ? BUSY : OFFLINE)
      if (button && button.value === 'add') {
        const entry = addEntry(this.form, this.slug)
        if (entry) entry.querySelector('input,textarea,select').focus()
      } else {
        window.location.assign(this.form.dataset.next)
      }
      return
    }
    if (isSignIn(response, this)) return this.signedOut()
    if (response.redirected) {
      const local = read(this.key)
      delete local.dirty[this.slug]
      write(this.key, local)
      window.location.assign(response.url)
      return
    }
    if (response.status === 400 && !(await this.refresh().catch(() => false))) return
    // The server found problems: post the form itself so they are shown next to the fields.
    this.form.dataset.native = 'yes'
    this.form.requestSubmit(button)
  }

  // "Send report": queued on the phone first, so it goes even if the signal drops now.
  async send (event) {
    if (this.sendForm.dataset.native) return
    event.preventDefault()
    const local = read(this.key)
    local.send = window.location.pathname
    write(this.key, local)
    await sendOne(this.key, local.send, this)
  }
}

// A post answered with the sign-in page: the session has ended.
function isSignIn (response, draft) {
  const signIn = new URL(draft.signIn, window.location.href).pathname
  return response.redirected && new URL(response.url).pathname === signIn
}

// Send every report queued on this phone (after "Send report" with no signal or signed out).
async function sendQueued (current) {
  for (const key of drafts()) {
    const local = read(key)
    if (local.send) await sendOne(key, local.send, helperFor(key, current))
  }
}

const sending = new Set()

async function sendOne (key, url, draft) {
  if (sending.has(key)) return // already on its way from this page
  sending.add(key)
  try {
    await sendNow(key, url, draft)
  } finally {
    sending.delete(key)
  }
}

async function sendNow (key, url, draft) {
  const saved = await draft.save()
  if (saved === 'offline') draft.say(QUEUED)
  if (saved === 'busy') draft.say(SEND_BUSY)
  if (saved !== 'saved') return
  let response
  try {
    if (!(await draft.refresh())) return
    const body = new FormData()
    body.append('csrf_token', draft.token())
    response = await fetchOrBusy(url, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' }
    })
  } catch (error) {
    // Still queued: sent when the signal returns, or after the wait a busy server asked for.
    if (error instanceof ServerBusy) retryAfter(error)
    draft.say(error instanceof ServerBusy ? SEND_BUSY : QUEUED)
    return
  }
  if (isSignIn(response, draft)) return draft.signedOut()
  const local = read(key)
  delete local.send
  write(key, local)
  const sent = response.ok && response.headers.get('Content-Type') === 'application/json'
  if (sent) {
    forget(key)
    window.location.assign((await response.json()).report)
  } else if (draft.sendForm) {
    // Not sent: post the form itself so the server shows why.
    draft.sendForm.dataset.native = 'yes'
    draft.sendForm.requestSubmit()
  }
}

if (app) start(app)
