#!/usr/bin/env node
// Build icv front-end assets into icv/static/dist/.
//   - icv/static/scss/app.scss -> app.css (compressed, no source map)
//   - icv/static/scss/report.scss -> report.css (the volunteer's report pages: lean)
//   - GOV.UK Frontend + MOJ Frontend minified ES modules
//   - every image the compiled CSS references via url(/static/dist/...)
// Usage: npm run build
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const nodeModules = path.join(root, 'node_modules')
const outDir = path.join(root, 'icv', 'static', 'dist')
const scssDir = path.join(root, 'icv', 'static', 'scss')
// Each stylesheet: its Sass entry and the CSS file it becomes.
const entries = [
  ['app.scss', 'app.css'],
  ['report.scss', 'report.css']
]
const URL_PREFIX = '/static/dist/' // must match $moj-assets-path in app.scss

// Where referenced assets live in node_modules, keyed by path under URL_PREFIX.
const assetSources = [
  path.join(nodeModules, '@ministryofjustice', 'frontend', 'moj', 'assets'),
  path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk', 'assets')
]

const written = []

function fail(message) {
  console.error(`build-assets: FAILED: ${message}`)
  process.exit(1)
}

function write(rel, contents) {
  const dest = path.join(outDir, rel)
  fs.mkdirSync(path.dirname(dest), { recursive: true })
  fs.writeFileSync(dest, contents)
  written.push(rel)
}

function copy(src, rel) {
  if (!fs.existsSync(src)) fail(`missing source file ${path.relative(root, src)}`)
  const dest = path.join(outDir, rel)
  fs.mkdirSync(path.dirname(dest), { recursive: true })
  fs.copyFileSync(src, dest)
  written.push(rel)
}

// GOV.UK Frontend's own @warn deprecations (e.g. MOJ Frontend 11.1.0 still
// calls the deprecated govuk-text-colour mixin) cannot be suppressed from our
// side because MOJ fixes $govuk-suppressed-warnings. Collapse warnings raised
// inside node_modules to one line each; anything from our own code prints in full.
const seenDepWarnings = new Set()
const quietDependencyLogger = {
  warn(message, { deprecation, span, stack }) {
    // Ours if raised in, or called from, a line of our own Sass (every stack
    // ends with app.scss "root stylesheet", which does not count).
    const ours = (s) => String(s ?? '').includes('icv/static/scss/')
    const frames = String(stack ?? '').split('\n').map((l) => l.trim()).filter(Boolean)
    const fromUs = ours(span?.url) || ours(frames[0]) ||
      frames.some((f) => ours(f) && !f.endsWith('root stylesheet'))
    if (!fromUs) {
      const first = message.split('\n')[0].split('. ')[0]
      if (!seenDepWarnings.has(first)) {
        seenDepWarnings.add(first)
        console.warn(`build-assets: dependency warning (ignored): ${first}`)
      }
      return
    }
    console.warn(`${deprecation ? 'DEPRECATION ' : ''}WARNING: ${message}\n${stack ?? ''}`)
  }
}

function compileSass(entry) {
  try {
    return sass.compile(entry, {
      style: 'compressed',
      sourceMap: false,
      loadPaths: [nodeModules, root],
      quietDeps: true, // dependency deprecations are not ours to fix
      logger: quietDependencyLogger
    }).css
  } catch (err) {
    const where = err.span?.url
      ? ` (${path.relative(root, fileURLToPath(err.span.url))}:${err.span.start.line + 1}:${err.span.start.column + 1})`
      : ''
    fail(`sass: ${err.sassMessage ?? String(err.message || err).split('\n')[0]}${where}`)
  }
}

function main() {
  fs.rmSync(outDir, { recursive: true, force: true })
  fs.mkdirSync(outDir, { recursive: true })

  // 1. Sass. The project root is a load path because MOJ Frontend does
  //    @forward "node_modules/govuk-frontend/dist/govuk/base".
  const sheets = []
  for (const [source, target] of entries) {
    const css = compileSass(path.join(scssDir, source))
    write(target, css)
    sheets.push(css)
  }

  // 2. JavaScript (both are ES modules exporting initAll). Pages name GOV.UK Frontend at an
  //    address versioned by a hash of its content (asset_url in icv/web.py, on a modulepreload
  //    link) and js/init.js imports it from there, so it is never served stale.
  copy(path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk', 'govuk-frontend.min.js'), 'govuk-frontend.min.js')
  copy(path.join(nodeModules, '@ministryofjustice', 'frontend', 'moj', 'moj-frontend.min.js'), 'moj-frontend.min.js')

  // 3. Assets referenced by the CSS.
  const refs = new Set()
  for (const m of sheets.join('\n').matchAll(/url\(\s*["']?([^"')]+?)["']?\s*\)/g)) {
    const url = m[1].split(/[?#]/)[0]
    if (url.startsWith('data:')) continue
    if (!url.startsWith(URL_PREFIX)) fail(`a stylesheet references ${url}, outside ${URL_PREFIX}`)
    refs.add(url.slice(URL_PREFIX.length))
  }
  for (const rel of [...refs].sort()) {
    const src = assetSources.map((dir) => path.join(dir, rel)).find((p) => fs.existsSync(p))
    if (!src) fail(`a stylesheet references ${URL_PREFIX}${rel} but no such file in node_modules`)
    copy(src, rel)
  }

  for (const rel of written) {
    const size = fs.statSync(path.join(outDir, rel)).size
    console.log(`${path.join('icv/static/dist', rel).padEnd(60)} ${(size / 1024).toFixed(1).padStart(8)} KiB`)
  }
}

try {
  main()
} catch (err) {
  fail(String(err.message || err).split('\n')[0])
}
