/*
 * The interactive API page. Everything it needs is served from here (strict
 * CSP, no CDN): the page lists the operations of /openapi.json and sends a
 * request with the token the user types, showing the raw response.
 */

export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>microcred issuer API</title>
<link rel="stylesheet" href="/docs/docs.css">
<script src="/docs/docs.js" defer></script>
</head>
<body>
<header>
  <h1>microcred issuer API</h1>
  <p>Every operation of <a href="/openapi.json">/openapi.json</a>. Type an API token to try the ones that need one; it stays in this browser tab.</p>
  <label>API token <input id="token" type="password" autocomplete="off" placeholder="Bearer token"></label>
</header>
<main id="operations"><p>Loading…</p></main>
</body>
</html>
`;

export const DOCS_CSS = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
header { background: #003399; color: #fff; padding: 1rem 2rem; }
header a { color: #ffcc00; }
header input { width: 28rem; max-width: 90%; margin-left: .5rem; padding: .3rem; }
main { padding: 1rem 2rem; max-width: 70rem; }
h2 { margin-top: 2rem; border-bottom: 2px solid #003399; }
details { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; margin: .5rem 0; }
summary { cursor: pointer; padding: .5rem .75rem; }
.method { display: inline-block; width: 4rem; font-weight: bold; font-family: monospace; }
.get { color: #0a7d32; } .post { color: #9a5b00; } .put { color: #6639ba; }
.path { font-family: monospace; }
.scope { float: right; font-size: .85em; color: #57606a; }
.body { padding: 0 .75rem .75rem; }
label.field { display: block; margin: .3rem 0; }
label.field input { width: 24rem; max-width: 100%; }
textarea { width: 100%; min-height: 8rem; font-family: monospace; }
pre { background: #0d1117; color: #e6edf3; padding: .75rem; overflow: auto; max-height: 30rem; white-space: pre-wrap; }
button { margin-top: .5rem; padding: .3rem 1rem; }
`;

export const DOCS_JS = `'use strict';
const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('microcred-token') || '';
tokenInput.addEventListener('input', () => sessionStorage.setItem('microcred-token', tokenInput.value));

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function operationView(method, path, op) {
  const params = op.parameters || [];
  const inputs = {};
  const form = el('div', { class: 'body' });
  if (op.description) form.append(el('p', {}, op.description));
  for (const p of params) {
    const input = el('input', { type: 'text', placeholder: p.in + (p.required ? ', required' : '') });
    inputs[p.in + ':' + p.name] = input;
    form.append(el('label', { class: 'field' }, p.name + ' (' + p.in + ') ', input, el('br'), el('small', {}, p.description || '')));
  }
  let bodyArea;
  if (op.requestBody) {
    const media = op.requestBody.content['application/json'];
    bodyArea = el('textarea', { spellcheck: 'false' });
    bodyArea.value = media && media.example !== undefined ? JSON.stringify(media.example, null, 2) : '';
    form.append(el('label', { class: 'field' }, 'Body (JSON): ' + (op.requestBody.description || '')), bodyArea);
  }
  const output = el('pre', {}, '');
  const button = el('button', { type: 'button' }, 'Send');
  button.addEventListener('click', async () => {
    let url = path;
    const query = new URLSearchParams();
    const headers = {};
    for (const p of params) {
      const value = inputs[p.in + ':' + p.name].value;
      if (p.in === 'path') url = url.replace('{' + p.name + '}', encodeURIComponent(value));
      else if (value && p.in === 'query') query.set(p.name, value);
      else if (value && p.in === 'header') headers[p.name] = value;
    }
    if (tokenInput.value) headers.authorization = 'Bearer ' + tokenInput.value.replace(/^Bearer\\s+/i, '');
    const init = { method: method.toUpperCase(), headers };
    if (bodyArea && bodyArea.value.trim()) { headers['content-type'] = 'application/json'; init.body = bodyArea.value; }
    output.textContent = 'Sending…';
    try {
      const search = query.toString();
      const response = await fetch(url + (search ? '?' + search : ''), init);
      const type = response.headers.get('content-type') || '';
      let text;
      if (type.startsWith('image/png')) text = '(PNG image, ' + (await response.arrayBuffer()).byteLength + ' bytes)';
      else {
        text = await response.text();
        if (/json/.test(type)) { try { text = JSON.stringify(JSON.parse(text), null, 2); } catch {} }
      }
      output.textContent = response.status + ' ' + response.statusText + '\\n' + type + '\\n\\n' + text;
    } catch (error) {
      output.textContent = 'The request failed: ' + error.message;
    }
  });
  form.append(button, output);
  const scopes = op['x-scopes'] ? 'token: ' + op['x-scopes'].join(' or ') : 'public';
  return el('details', {}, el('summary', {}, el('span', { class: 'method ' + method }, method.toUpperCase()), el('span', { class: 'path' }, path), ' ', op.summary, el('span', { class: 'scope' }, scopes)), form);
}

fetch('/openapi.json').then((r) => r.json()).then((doc) => {
  const main = document.getElementById('operations');
  main.textContent = '';
  const byTag = new Map();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = (op.tags && op.tags[0]) || 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operationView(method, path, op));
    }
  }
  for (const [tag, views] of byTag) main.append(el('h2', {}, tag), ...views);
}, (error) => { document.getElementById('operations').textContent = 'Could not load /openapi.json: ' + error.message; });
`;
