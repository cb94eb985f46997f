/* gst-restream status page: polls the JSON API (docs/api.md) once a second
 * with the account's bearer token, kept in this tab's session storage. */
'use strict';

const POLL_MS = 1000;
const HISTORY = 300;            /* bitrate samples kept: five minutes */
const rates = new Map();      /* "id/target" -> [kbit/s, ...] */
let timer = null;

const $ = (id) => document.getElementById(id);

function token() {
  return sessionStorage.getItem('restream-token');
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class')
      e.className = v;
    else if (k.startsWith('on'))
      e.addEventListener(k.slice(2), v);
    else
      e.setAttribute(k, v);
  }
  for (const c of children)
    if (c !== null && c !== undefined)
      e.append(c instanceof Node ? c : String(c));
  return e;
}

function showError(text) {
  $('error').textContent = text;
  $('error').hidden = !text;
}

async function api(method, path, body) {
  const headers = { 'Authorization': 'Bearer ' + token() };
  if (body !== undefined)
    headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) {
    signOut('The server refused the token: sign in again.');
    throw new Error('unauthorized');
  }
  const text = await r.text();
  const json = text ? JSON.parse(text) : {};
  if (!r.ok)
    throw new Error(`${method} ${path}: ${r.status} ${json.message || ''}`);
  return json;
}

function bytes(n) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

function duration(s) {
  s = Math.floor(s || 0);
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` :
      `${m}m${String(s % 60).padStart(2, '0')}s`;
}

function sparkline(samples) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const line = document.createElementNS(ns, 'polyline');
  const max = Math.max(1, ...samples);
  /* At least a minute wide, so that the first samples do not fill it. */
  const span = Math.min(HISTORY, Math.max(60, samples.length)) - 1;
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${span} 24`);
  svg.setAttribute('preserveAspectRatio', 'none');
  line.setAttribute('points', samples.map((v, i) =>
      `${span - (samples.length - 1 - i)},${(23 - 22 * v / max).toFixed(1)}`)
      .join(' '));
  svg.append(line);
  return svg;
}

function stateBadge(state) {
  return el('span', { class: `state ${state}`, 'data-state': state }, state);
}

async function act(what) {
  try {
    await what();
    await refresh();
  } catch (e) {
    if (e.message !== 'unauthorized')
      showError(e.message);
  }
}

function targetRow(restream, t) {
  const key = `${restream.id}/${t.name}`;
  const samples = rates.get(key) || [];
  const disabled = t.state === 'disabled';
  const failure = t.cause ? el('div', { class: 'cause' },
      `${t.cause}: ${t.failure || ''}`,
      t.advice ? el('div', { class: 'advice' }, t.advice) : null) : null;
  const findings = (t.findings || []).map((f) =>
      el('div', { class: 'finding' }, f));
  samples.push(t.bitrate || 0);
  if (samples.length > HISTORY)
    samples.shift();
  rates.set(key, samples);
  return el('tr', { 'data-target': t.name },
      el('td', {}, el('strong', {}, t.name), el('div', { class: 'advice' },
          `${t.url} (${t.platform})`)),
      el('td', {}, stateBadge(t.state), failure, ...findings),
      el('td', { class: 'num' }, `${(t.bitrate || 0).toFixed(0)} kbit/s`),
      el('td', {}, sparkline(samples)),
      el('td', { class: 'num' }, bytes(t.bytes || 0), t.acked ?
          el('div', { class: 'advice' }, `${bytes(t.acked)} acked`) : null),
      el('td', { class: 'num' }, String(t.reconnects || 0)),
      el('td', { class: 'num' }, String(t.drops || 0)),
      el('td', {}, el('button', { 'data-action': disabled ? 'enable' :
          'disable', onclick: () => act(() => api('PATCH',
              `/v1/restreams/${restream.id}/targets/` +
              encodeURIComponent(t.name), { enabled: disabled })) },
          disabled ? 'Enable' : 'Disable')));
}

function restreamSection(r) {
  const input = r.input || {};
  const slate = input.slate ? el('span', { class: 'slate' },
      `slate on air, ${duration(input['slate-seconds'])}`) : null;
  const toggle = el('button', { 'data-action': r.active ? 'deactivate' :
      'activate', onclick: () => act(() => api('POST',
          `/v1/restreams/${r.id}/${r.active ? 'deactivate' : 'activate'}`)) },
      r.active ? 'Deactivate' : 'Activate');
  const head = el('tr', {}, ...['Target', 'State', 'Bitrate', 'Last minutes',
      'Sent', 'Reconnects', 'Drops', ''].map((h) => el('th', {}, h)));
  return el('section', { class: 'restream', 'data-restream': r.name,
      'data-state': r.state },
      el('h2', {}, r.name, stateBadge(r.state), slate, toggle),
      el('div', { class: 'facts' },
          `${r.reason || ''} · input ${input.url || ''}: `, stateBadge(
              input.state || 'stopped'),
          ` · ${input.outages || 0} outages · up ${duration(r.uptime)}`),
      el('table', {}, el('thead', {}, head),
          el('tbody', {}, ...(r.targets || []).map((t) => targetRow(r, t)))));
}

async function refresh() {
  const list = await api('GET', '/v1/restreams');
  const main = $('restreams');
  main.replaceChildren(...list.restreams.map(restreamSection));
  if (!list.restreams.length)
    main.append(el('p', {}, 'This account has no restreams yet.'));
  $('account').textContent = `${list['targets-used']} of ` +
      `${list['max-targets']} targets used`;
  $('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  showError('');
}

async function poll() {
  try {
    await refresh();
  } catch (e) {
    if (e.message === 'unauthorized')
      return;
    showError(`The server does not answer: ${e.message}`);
  }
  timer = setTimeout(poll, POLL_MS);
}

function signOut(message) {
  clearTimeout(timer);
  sessionStorage.removeItem('restream-token');
  $('restreams').replaceChildren();
  $('login').hidden = false;
  $('logout').hidden = true;
  $('account').textContent = '';
  showError(message || '');
}

function signIn() {
  $('login').hidden = true;
  $('logout').hidden = false;
  rates.clear();
  poll();
}

$('login').addEventListener('submit', (ev) => {
  ev.preventDefault();
  sessionStorage.setItem('restream-token', $('token').value.trim());
  $('token').value = '';
  signIn();
});
$('logout').addEventListener('click', () => signOut(''));
if (token())
  signIn();
else
  signOut('');
