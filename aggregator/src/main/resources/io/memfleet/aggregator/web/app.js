// memfleet web view: hosts → a host's processes → one process's memory over time, with its mapping
// changes and anomalies marked. It reads the aggregator's JSON API (same origin) and nothing else.
//
// Every string that comes from the API (host names, process names, paths, summaries) is hostile
// input: it is inserted as text (Node.append of a string, textContent), never as HTML.

/* global uPlot */

const FIELDS = {
  vmRssKb: 'RSS', rssAnonKb: 'RssAnon', rssFileKb: 'RssFile', rssShmemKb: 'RssShmem', vmSwapKb: 'Swap',
  vmDataKb: 'VmData', vmSizeKb: 'VmSize', vmHwmKb: 'VmHWM', vmPeakKb: 'VmPeak', vmStkKb: 'VmStk',
  vmExeKb: 'VmExe', vmLibKb: 'VmLib', vmPteKb: 'VmPTE', vmLckKb: 'VmLck', vmPinKb: 'VmPin',
};
const COLORS = {
  vmRssKb: '#1f77b4', rssAnonKb: '#ff7f0e', rssFileKb: '#2ca02c', rssShmemKb: '#17becf', vmSwapKb: '#d62728',
  vmDataKb: '#9467bd', vmSizeKb: '#8c564b', vmHwmKb: '#7f7f7f', vmPeakKb: '#bcbd22', vmStkKb: '#e377c2',
  vmExeKb: '#393b79', vmLibKb: '#637939', vmPteKb: '#843c39', vmLckKb: '#7b4173', vmPinKb: '#3182bd',
};
const DEFAULT_FIELDS = ['vmRssKb', 'rssAnonKb', 'vmSwapKb'];
const RANGES = { '1h': 3600e3, '6h': 6 * 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3 };
const MARK = { mapping: '#3b6fd8', FIRING: '#d62728', RESOLVED: '#2a9d4b' };
/** Growth is the RSS change over this window ending at the process's latest sample. */
const GROWTH_WINDOW_MS = 3600e3;
const GROWTH_CONCURRENCY = 4;
const RETRY_MS = 5000;
const STALE_MS = 5 * 60e3;
const TOKEN_KEY = 'memfleet.token';

/** What a test or a curious operator can inspect from the console. */
const memfleet = { chart: null, markers: [], view: null };
window.memfleet = memfleet;

const view = document.getElementById('view');
const banner = document.getElementById('banner');
const crumbs = document.getElementById('crumbs');
let generation = 0;
let retryTimer = null;
let resizeHandler = null;

// ---------------------------------------------------------------------------------------------
// DOM and formatting helpers

/** An element; string children become text nodes, never markup. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** kB as the kernel counts them (KiB), shown in binary units. */
function fmtKb(kb, signed) {
  if (kb == null || Number.isNaN(kb)) return '–';
  const sign = signed && kb > 0 ? '+' : kb < 0 ? '−' : '';
  const a = Math.abs(kb);
  let text;
  if (a < 1024) text = `${Math.round(a)} KiB`;
  else if (a < 1024 * 1024) text = `${(a / 1024).toFixed(a < 10 * 1024 ? 2 : 1)} MiB`;
  else text = `${(a / 1024 / 1024).toFixed(2)} GiB`;
  return sign + text;
}

/** ISO-8601 UTC to the second: 2026-11-30T10:00:00Z. */
function iso(ms) {
  if (ms == null || Number.isNaN(ms)) return '–';
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoText(text) {
  return text == null ? '–' : iso(Date.parse(text));
}

function age(ms, now) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

// A host's clock against the broker's: "+1095 d", "-3 min", "0 s".
// Collectors writing under a host's id at once: more than one means machines cloned with one id.
function writingAtOnce(host) {
  if (!host.collectors) return 0;
  return host.duplicateHostId ? host.collectors.filter((c) => c.concurrent).length : 1;
}

function concurrentCollectors(host) {
  return (host.collectors || []).filter((c) => c.concurrent)
    .map((c) => `${c.hostname || '?'} (boot ${c.bootId || '?'})`).join(', ');
}

// What the aggregator's per-host caps turned away: nothing is dropped silently.
function capsLine(host) {
  const parts = [];
  if (host.processesCapped > 0) parts.push(`${num(host.processesCapped)} samples of new processes over the cap`);
  if (host.exitedEvicted > 0) parts.push(`${num(host.exitedEvicted)} exited processes dropped early`);
  if (host.fieldsTruncated > 0) parts.push(`${num(host.fieldsTruncated)} values cut`);
  if (host.mappingPartsRefused > 0) parts.push(`${num(host.mappingPartsRefused)} mapping list parts refused`);
  // Refused parts leave big processes out of sync, as over the process cap new ones go unseen.
  const bad = host.processesCapped > 0 || host.mappingPartsRefused > 0;
  return parts.length === 0 ? null
    : h('span', { class: bad ? 'bad' : 'muted', 'data-key': 'caps' }, `caps: ${parts.join(', ')}`);
}

function collectorsCell(host) {
  if (!host.collectors) return '–';
  if (!host.duplicateHostId) return '1';
  return h('span', { class: 'bad', title: concurrentCollectors(host) }, `${writingAtOnce(host)} (duplicate id)`);
}

function skew(ms) {
  if (ms == null) return '–';
  const s = Math.round(Math.abs(ms) / 1000);
  const sign = ms < 0 ? '-' : ms > 0 && s > 0 ? '+' : '';
  if (s < 90) return `${sign}${s} s`;
  if (s < 90 * 60) return `${sign}${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${sign}${Math.round(s / 3600)} h`;
  return `${sign}${Math.round(s / 86400)} d`;
}

function num(n) {
  return n == null ? '–' : Number(n).toLocaleString('en-US');
}

function hostHref(hostId, params) {
  return '#/hosts/' + encodeURIComponent(hostId) + query(params);
}

function processHref(hostId, pid, startTime, params) {
  return '#/hosts/' + encodeURIComponent(hostId) + '/processes/' + pid
    + query({ startTime, ...(params || {}) });
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

/** Changes the hash without re-rendering the view (the view already shows what it says). */
function replaceHash(hash) {
  history.replaceState(null, '', hash);
}

// ---------------------------------------------------------------------------------------------
// The API

class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

async function api(path, params) {
  const url = path + query(params);
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = 'Bearer ' + token;
  let response;
  try {
    response = await fetch(url, { headers, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, `cannot reach the aggregator (${e.message})`, url);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not JSON: reported below with the status
  }
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : response.statusText;
    throw new ApiError(response.status, message, url);
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// Banner, breadcrumbs, errors

function showBanner(kind, ...content) {
  banner.replaceChildren(...content);
  banner.className = 'banner ' + kind;
  banner.hidden = false;
}

function clearBanner() {
  banner.hidden = true;
  banner.replaceChildren();
}

function setCrumbs(...items) {
  const nodes = [];
  for (const [label, href] of items) {
    nodes.push(h('span', { class: 'sep' }, '›'));
    nodes.push(href ? h('a', { href }, label) : h('span', { class: 'here' }, label));
  }
  crumbs.replaceChildren(...nodes);
}

function stamp() {
  document.getElementById('updated').textContent = 'updated ' + iso(Date.now());
}

/** Shows what went wrong, and retries by itself while the aggregator is starting or away. */
function fail(error, gen) {
  if (gen !== generation) return;
  view.dataset.state = 'error';
  const status = error instanceof ApiError ? error.status : -1;
  const where = error.path ? h('code', {}, 'GET ' + error.path) : '';
  if (status === 503 || status === 0) {
    showBanner('warn', h('strong', {}, status === 0 ? 'Aggregator unreachable. ' : 'Aggregator not ready (503). '),
      error.message, ' ', where, ` Retrying in ${RETRY_MS / 1000} s…`);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => { if (gen === generation) render(); }, RETRY_MS);
  } else if (status === 401 || status === 403) {
    showBanner('error', h('strong', {}, `Not authorised (${status}). `), error.message, ' ', tokenForm());
  } else if (status === 404) {
    showBanner('error', h('strong', {}, 'Not found (404). '), error.message, ' ', where, ' ',
      h('a', { href: '#/' }, 'All hosts'));
  } else if (status > 0) {
    showBanner('error', h('strong', {}, `The aggregator answered ${status}. `), error.message, ' ', where);
  } else {
    console.error(error);
    showBanner('error', h('strong', {}, 'This page failed: '), String(error && error.message || error));
  }
  if (view.querySelector('.loading')) view.replaceChildren();
}

function tokenForm() {
  const input = h('input', { type: 'password', placeholder: 'bearer token', autocomplete: 'off', size: 32 });
  return h('form', {
    class: 'token',
    onsubmit: (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      render();
    },
  }, input, h('button', { type: 'submit' }, 'Use token'));
}

// ---------------------------------------------------------------------------------------------
// Sortable tables

/**
 * A table of rows. columns: {key, label, num, sort: row → comparable, cell: row → Node|string,
 * title}. sort: {key, dir}; onSort(key) when a sortable header is clicked.
 */
function table(cls, columns, rows, sort, onSort, rowAttrs) {
  const head = h('tr', {}, columns.map((c) => {
    const sorted = sort && sort.key === c.key;
    const th = h('th', {
      class: [c.num ? 'num' : '', c.sort ? 'sortable' : '', sorted ? 'sorted' : ''].join(' ').trim(),
      title: c.title,
      scope: 'col',
      'aria-sort': sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : null,
      dataset: { key: c.key },
    }, c.label, sorted ? h('span', { class: 'arrow' }, sort.dir === 'asc' ? ' ▲' : ' ▼') : '');
    if (c.sort && onSort) th.addEventListener('click', () => onSort(c.key));
    return th;
  }));
  const column = sort && columns.find((c) => c.key === sort.key && c.sort);
  const ordered = column ? [...rows].sort(comparator(column.sort, sort.dir)) : rows;
  const body = h('tbody', {}, ordered.map((row) => h('tr', rowAttrs ? rowAttrs(row) : {},
    columns.map((c) => h('td', { class: c.num ? 'num' : null, dataset: { key: c.key } }, c.cell(row))))));
  return h('table', { class: 'grid ' + cls }, h('thead', {}, head), body);
}

/** Missing values last in either direction; ties by the natural order of the rows. */
function comparator(value, dir) {
  const sign = dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x == null && y == null) return 0;
    if (x == null) return 1;
    if (y == null) return -1;
    if (typeof x === 'string') return sign * x.localeCompare(y);
    return sign * (x - y);
  };
}

// ---------------------------------------------------------------------------------------------
// View 1: hosts

async function hostsView(gen) {
  setCrumbs(['hosts']);
  document.title = 'memfleet · hosts';
  const hosts = await api('/api/hosts');
  if (gen !== generation) return;
  const now = Date.now();
  const columns = [
    { key: 'hostname', label: 'Hostname', sort: (x) => x.hostname,
      cell: (x) => h('a', { href: hostHref(x.hostId), class: 'hostname' }, x.hostname || '(no heartbeat yet)') },
    { key: 'hostId', label: 'Host id', sort: (x) => x.hostId, cell: (x) => h('code', {}, x.hostId) },
    { key: 'lastSeen', label: 'Last seen (UTC)', sort: (x) => Date.parse(x.lastSeen),
      cell: (x) => h('span', { title: x.lastSeen }, isoText(x.lastSeen), ' ',
        h('span', { class: 'muted' }, '(' + age(Date.parse(x.lastSeen), now) + ')')) },
    { key: 'processCount', label: 'Processes', num: true, sort: (x) => x.processCount, cell: (x) => num(x.processCount) },
    { key: 'processesUnreadable', label: 'Unreadable', num: true, sort: (x) => x.processesUnreadable,
      title: 'processes whose files the collector could not read in its last pass',
      cell: (x) => num(x.processesUnreadable) },
    { key: 'samplesLost', label: 'Samples lost', num: true, sort: (x) => x.samplesLost,
      title: 'gaps in the collector\'s seq: records lost between the host and the aggregator',
      cell: (x) => h('span', { class: x.samplesLost > 0 ? 'bad' : null }, num(x.samplesLost)) },
    { key: 'collectors', label: 'Collectors', num: true, sort: (x) => writingAtOnce(x),
      title: 'collectors writing under the host\'s id at once; more than one: machines cloned with one id',
      cell: (x) => collectorsCell(x) },
    { key: 'clockSkewMs', label: 'Clock skew', num: true, sort: (x) => x.clockSkewMs,
      title: 'the host\'s latest record\'s time minus the broker\'s; "out of time": records filed at the broker\'s time '
        + 'or older than the history',
      cell: (x) => h('span', { class: x.samplesOutOfTime > 0 ? 'bad' : null }, skew(x.clockSkewMs),
        x.samplesOutOfTime > 0 ? ` (${num(x.samplesOutOfTime)} out of time)` : '') },
    { key: 'collectorVersion', label: 'Collector', sort: (x) => x.collectorVersion, cell: (x) => x.collectorVersion || '–' },
    { key: 'firstSeen', label: 'First seen (UTC)', sort: (x) => Date.parse(x.firstSeen), cell: (x) => isoText(x.firstSeen) },
  ];
  const sort = { key: 'hostname', dir: 'asc' };
  const draw = () => table('hosts', columns, hosts, sort, (key) => {
    sort.dir = sort.key === key && sort.dir === 'asc' ? 'desc' : 'asc';
    sort.key = key;
    tableSlot.replaceChildren(draw());
  }, (x) => ({
    class: now - Date.parse(x.lastSeen) > STALE_MS ? 'stale' : null,
    dataset: { hostId: x.hostId },
  }));
  const tableSlot = h('div', { class: 'scroll' }, draw());
  view.replaceChildren(
    h('div', { class: 'title' }, h('h1', {}, 'Hosts'),
      h('span', { class: 'muted' }, `${hosts.length} host${hosts.length === 1 ? '' : 's'}; dimmed: not heard from for 5 min`)),
    hosts.length ? tableSlot : h('p', { class: 'empty' }, 'No host has reported yet.'));
}

// ---------------------------------------------------------------------------------------------
// View 2: a host's processes

const growthCache = new Map(); // `${hostId} ${pid}:${startTime}:${lastSeen}` → {kb, values}

const PROCESS_SORTS = ['pid', 'name', 'rss', 'anon', 'swap', 'growth', 'threads', 'maps', 'firstSeen'];

async function processesView(hostId, params, gen) {
  const sort = {
    key: PROCESS_SORTS.includes(params.get('sort')) ? params.get('sort') : 'rss',
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
  };
  let filter = params.get('q') || '';
  const all = params.get('state') === 'all';
  setCrumbs(['hosts', '#/'], [hostId, null]);
  const [host, processes] = await Promise.all([
    api('/api/hosts/' + encodeURIComponent(hostId)),
    api('/api/hosts/' + encodeURIComponent(hostId) + '/processes', all ? { state: 'all' } : null),
  ]);
  if (gen !== generation) return;
  setCrumbs(['hosts', '#/'], [host.hostname || hostId, null]);
  document.title = `memfleet · ${host.hostname || hostId}`;
  const key = (p) => `${hostId} ${p.pid}:${p.startTime}:${p.lastSeen}`;
  const growth = (p) => (growthCache.get(key(p)) || {}).kb;

  const columns = [
    { key: 'pid', label: 'PID', num: true, sort: (p) => p.pid, cell: (p) => String(p.pid) },
    { key: 'name', label: 'Name', sort: (p) => p.name,
      cell: (p) => h('a', { href: processHref(hostId, p.pid, p.startTime), class: 'pname' }, p.name) },
    { key: 'state', label: 'St', title: 'state (R, S, D, Z, …); exited processes show their exit time',
      cell: (p) => (p.exitedAt ? h('span', { class: 'muted', title: 'exited ' + p.exitedAt }, 'exited') : p.state) },
    { key: 'rss', label: 'RSS', num: true, sort: (p) => p.vmRssKb, title: 'VmRSS: resident memory',
      cell: (p) => h('span', { dataset: { kb: p.vmRssKb ?? '' } }, fmtKb(p.vmRssKb)) },
    { key: 'anon', label: 'Anon', num: true, sort: (p) => p.rssAnonKb, title: 'RssAnon: resident anonymous memory',
      cell: (p) => fmtKb(p.rssAnonKb) },
    { key: 'swap', label: 'Swap', num: true, sort: (p) => p.vmSwapKb, title: 'VmSwap', cell: (p) => fmtKb(p.vmSwapKb) },
    { key: 'growth', label: 'Growth 1h', num: true, sort: growth,
      title: 'RSS now minus RSS at the start of the last hour it was seen (that minute\'s average), or since it was first seen if younger',
      cell: (p) => growthCell(p, growthCache.get(key(p))) },
    { key: 'trend', label: 'Last hour', cell: (p) => h('canvas', { class: 'spark', width: 90, height: 18 }) },
    { key: 'threads', label: 'Thr', num: true, sort: (p) => p.threads, title: 'threads', cell: (p) => String(p.threads) },
    { key: 'maps', label: 'Maps', num: true, sort: (p) => p.mapCount, title: 'mappings', cell: (p) => num(p.mapCount) },
    { key: 'firstSeen', label: 'First seen (UTC)', sort: (p) => Date.parse(p.firstSeen), cell: (p) => isoText(p.firstSeen) },
    { key: 'unit', label: 'Unit', title: 'systemd unit (service or scope), from its cgroup', cell: (p) => p.unit || '' },
    { key: 'container', label: 'Container', title: 'container id (first 12 digits), from its cgroup',
      cell: (p) => (p.containerId ? h('code', { title: p.containerId }, p.containerId.slice(0, 12)) : '') },
  ];

  const shown = () => {
    const f = filter.toLowerCase();
    return f ? processes.filter((p) => p.name.toLowerCase().includes(f) || String(p.pid) === f
      || (p.unit || '').toLowerCase() === f || (f.length >= 4 && (p.containerId || '').startsWith(f))) : processes;
  };
  const tableSlot = h('div', { class: 'scroll' });
  const count = h('span', { class: 'muted' });
  const progress = h('span', { class: 'muted' });
  const rowOf = new Map();
  const byIdentity = new Map(processes.map((p) => [`${p.pid}:${p.startTime}`, p]));
  const draw = () => {
    rowOf.clear();
    const rows = shown();
    count.textContent = `${rows.length} of ${processes.length} process${processes.length === 1 ? '' : 'es'}`;
    const t = table('processes', columns, rows, sort, (k) => {
      sort.dir = sort.key === k ? (sort.dir === 'asc' ? 'desc' : 'asc') : (k === 'name' || k === 'pid' ? 'asc' : 'desc');
      sort.key = k;
      saveHash();
      draw();
    }, (p) => ({ dataset: { pid: p.pid, startTime: p.startTime }, class: p.exitedAt ? 'stale' : null }));
    tableSlot.replaceChildren(t);
    for (const tr of t.tBodies[0].rows) {
      const p = byIdentity.get(`${tr.dataset.pid}:${tr.dataset.startTime}`);
      rowOf.set(key(p), tr);
      const g = growthCache.get(key(p));
      if (g) sparkline(tr.querySelector('canvas.spark'), g.values);
    }
  };
  const saveHash = () => replaceHash(hostHref(hostId, {
    sort: sort.key === 'rss' && sort.dir === 'desc' ? null : sort.key,
    dir: sort.key === 'rss' && sort.dir === 'desc' ? null : sort.dir,
    q: filter || null, state: all ? 'all' : null,
  }));
  const search = h('input', {
    type: 'search', placeholder: 'filter by name, pid, unit or container', value: filter, class: 'filter', 'aria-label': 'filter',
    oninput: (e) => { filter = e.target.value; saveHash(); draw(); },
  });
  const exited = h('label', {}, h('input', {
    type: 'checkbox', checked: all, onchange: (e) => { location.hash = hostHref(hostId, { state: e.target.checked ? 'all' : null }); },
  }), ' include exited');
  const now = Date.now();
  view.replaceChildren(
    h('div', { class: 'title' },
      h('h1', {}, host.hostname || hostId),
      h('code', { class: 'muted' }, host.hostId),
      h('span', { class: 'muted' }, 'last seen ', isoText(host.lastSeen), ' (', age(Date.parse(host.lastSeen), now), ')'),
      h('span', { class: host.samplesLost > 0 ? 'bad' : 'muted' }, `samples lost ${num(host.samplesLost)}`),
      h('span', { class: 'muted' }, `unreadable ${num(host.processesUnreadable)}`),
      h('span', { class: host.samplesOutOfTime > 0 ? 'bad' : 'muted' }, `clock skew ${skew(host.clockSkewMs)}`,
        host.samplesOutOfTime > 0 ? `, ${num(host.samplesOutOfTime)} out of time` : ''),
      h('span', { class: 'muted' }, `collector ${host.collectorVersion || '–'}`),
      host.duplicateHostId ? h('span', { class: 'bad', 'data-key': 'duplicateHostId' },
        `${writingAtOnce(host)} collectors write as this host: `, concurrentCollectors(host)) : null,
      capsLine(host)),
    h('div', { class: 'controls' }, search, exited, count, progress),
    tableSlot);
  draw();
  search.focus();
  view.dataset.state = 'ready';
  await loadGrowth(hostId, processes, key, rowOf, progress, gen);
  if (gen === generation && sort.key === 'growth') draw();
  if (gen === generation) view.dataset.growth = 'ready';
}

function growthCell(p, g) {
  if (p.vmRssKb == null) return h('span', { class: 'muted', title: 'kernel thread: no user memory' }, '–');
  if (!g) return h('span', { class: 'muted pending' }, '…');
  if (g.kb == null) return h('span', { class: 'muted', title: g.error || 'no samples' }, '–');
  if (g.kb === 0) return h('span', { class: 'muted', dataset: { kb: 0 }, title: `since ${iso(g.from)}` }, '0');
  const cls = g.kb > 0 && g.kb >= 0.05 * (p.vmRssKb || 1) ? 'grow' : g.kb < 0 ? 'shrink' : null;
  return h('span', { class: cls, dataset: { kb: g.kb }, title: `since ${iso(g.from)}` }, fmtKb(g.kb, true));
}

/** Fetches each process's RSS over its last hour, a few at a time, filling the table as they come. */
async function loadGrowth(hostId, processes, key, rowOf, progress, gen) {
  const todo = processes.filter((p) => p.vmRssKb != null && !growthCache.has(key(p)));
  let done = 0;
  const update = () => {
    progress.textContent = done < todo.length ? `growth: ${done} of ${todo.length}…` : '';
  };
  update();
  const worker = async () => {
    while (todo.length && gen === generation) {
      const p = todo.shift();
      const last = Date.parse(p.lastSeen);
      const from = Math.max(last - GROWTH_WINDOW_MS, Date.parse(p.firstSeen));
      let g;
      try {
        const history = await api(`/api/hosts/${encodeURIComponent(hostId)}/processes/${p.pid}/history`, {
          startTime: p.startTime, fields: 'vmRssKb', from: new Date(from).toISOString(),
          to: new Date(last).toISOString(), maxPoints: 60,
        });
        const values = history.points.map((pt) => value(pt.vmRssKb)).filter((v) => v != null);
        g = { kb: values.length ? p.vmRssKb - values[0] : null, values, from };
      } catch (e) {
        g = { kb: null, values: [], error: e.message };
      }
      growthCache.set(key(p), g);
      done++;
      if (gen !== generation) return;
      update();
      const tr = rowOf.get(key(p));
      if (tr) {
        tr.querySelector('td[data-key="growth"]').replaceChildren(growthCell(p, g));
        sparkline(tr.querySelector('canvas.spark'), g.values);
      }
    }
  };
  const total = todo.length;
  await Promise.all(Array.from({ length: Math.min(GROWTH_CONCURRENCY, total) }, worker));
  done = total;
  update();
}

/** A raw point's value, or a bucket's average. */
function value(v) {
  if (v == null) return null;
  return typeof v === 'number' ? v : v.avg;
}

function sparkline(canvas, values) {
  if (!canvas || !values || values.length < 2) return;
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.width;
  const hgt = canvas.height;
  canvas.style.width = w + 'px';
  canvas.style.height = hgt + 'px';
  canvas.width = w * ratio;
  canvas.height = hgt * ratio;
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  g.strokeStyle = values[values.length - 1] > values[0] * 1.05 ? '#c2410c' : '#4b6a88';
  g.lineWidth = 1.2;
  g.beginPath();
  values.forEach((v, i) => {
    const x = (i / (values.length - 1)) * (w - 2) + 1;
    const y = span ? hgt - 2 - ((v - min) / span) * (hgt - 4) : hgt / 2;
    if (i) g.lineTo(x, y); else g.moveTo(x, y);
  });
  g.stroke();
}

// ---------------------------------------------------------------------------------------------
// View 3: one process

async function processView(hostId, pidText, params, gen) {
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid < 1) throw new Error(`'${pidText}' is not a process id`);
  const startParam = params.get('startTime');
  const state = {
    range: RANGES[params.get('range')] ? params.get('range') : '1h',
    fields: (params.get('fields') || '').split(',').filter((f) => f in FIELDS),
  };
  if (!state.fields.length) state.fields = [...DEFAULT_FIELDS];
  setCrumbs(['hosts', '#/'], [hostId, hostHref(hostId)], [`pid ${pid}`, null]);
  const [host, processes] = await Promise.all([
    api('/api/hosts/' + encodeURIComponent(hostId)),
    api('/api/hosts/' + encodeURIComponent(hostId) + '/processes', { state: 'all' }),
  ]);
  if (gen !== generation) return;
  const candidates = processes.filter((p) => p.pid === pid && (startParam == null || String(p.startTime) === startParam));
  candidates.sort((a, b) => (a.exitedAt == null) - (b.exitedAt == null) || Date.parse(a.firstSeen) - Date.parse(b.firstSeen));
  const p = candidates[candidates.length - 1];
  if (!p) {
    throw new ApiError(404, `no process ${pid}${startParam ? ' with startTime ' + startParam : ''} on host '${host.hostname || hostId}'`
      + ' (it may have exited more than the retention ago)', null);
  }
  setCrumbs(['hosts', '#/'], [host.hostname || hostId, hostHref(hostId)], [`${p.name} (${pid})`, null]);
  document.title = `memfleet · ${p.name} (${pid}) on ${host.hostname || hostId}`;

  const saveHash = () => replaceHash(processHref(hostId, pid, p.startTime, {
    range: state.range === '1h' ? null : state.range,
    fields: state.fields.join(',') === DEFAULT_FIELDS.join(',') ? null : state.fields.join(','),
  }));
  const rangeButtons = Object.keys(RANGES).map((r) => h('button', {
    type: 'button', class: r === state.range ? 'on' : null, dataset: { range: r },
    onclick: (e) => {
      state.range = r;
      for (const b of e.target.parentNode.children) b.classList.toggle('on', b === e.target);
      saveHash();
      loadChart();
    },
  }, r));
  const fieldBoxes = Object.keys(FIELDS).map((f) => h('label', { class: 'field', title: f },
    h('input', {
      type: 'checkbox', value: f, checked: state.fields.includes(f),
      onchange: (e) => {
        state.fields = Object.keys(FIELDS).filter((k) => k === f ? e.target.checked : state.fields.includes(k));
        saveHash();
        loadChart();
      },
    }), h('i', { class: 'swatch', dataset: { field: f } }), FIELDS[f]));
  for (const box of fieldBoxes) box.querySelector('i').style.background = COLORS[box.querySelector('input').value];

  const chartSlot = h('div', { class: 'chart', id: 'chart' });
  const caption = h('div', { class: 'caption muted' });
  const detail = h('div', { class: 'detail', hidden: true });
  const changesSlot = h('section', { class: 'events' });
  const anomaliesSlot = h('section', { class: 'events' });

  view.replaceChildren(
    h('div', { class: 'title' },
      h('h1', { class: 'pname' }, p.name),
      h('span', {}, `pid ${p.pid}`),
      h('span', { class: 'muted' }, `startTime ${p.startTime}`),
      h('span', { class: 'muted' }, `ppid ${p.ppid} · uid ${p.uid} · ${p.threads} threads · ${num(p.mapCount)} mappings`),
      p.exitedAt ? h('span', { class: 'bad' }, 'exited ', isoText(p.exitedAt)) : h('span', { class: 'muted' }, `state ${p.state}`),
      p.mappingsOutOfSync ? h('span', { class: 'bad', title: 'its digest changed without a full list; waiting for the resync' },
        'mappings out of sync') : ''),
    p.cmdline && p.cmdline.length ? h('p', { class: 'cmdline' }, h('code', {}, p.cmdline.join(' '))) : '',
    p.exe || p.cgroup ? h('p', { class: 'identity muted' },
      p.exe ? h('code', { title: 'build id ' + (p.buildId || 'unknown') }, p.exe) : '',
      p.buildId ? ` · build ${p.buildId}` : '',
      p.unit ? ` · unit ${p.unit}` : '',
      p.containerId ? ` · container ${p.containerId.slice(0, 12)}` : '',
      p.cgroup ? h('span', { title: 'cgroup' }, ` · ${p.cgroup}`) : '') : '',
    memoryGrid(p),
    h('div', { class: 'controls' },
      h('span', { class: 'group', role: 'group', 'aria-label': 'time range' }, h('span', { class: 'muted' }, 'last'), rangeButtons),
      h('span', { class: 'group fields' }, fieldBoxes)),
    chartSlot, caption, detail,
    h('div', { class: 'columns' }, changesSlot, anomaliesSlot));

  let loading = 0;
  const loadChart = async () => {
    const mine = ++loading;
    view.dataset.chart = 'loading';
    const to = p.exitedAt ? Date.parse(p.lastSeen) : Date.now();
    const from = to - RANGES[state.range];
    const base = `/api/hosts/${encodeURIComponent(hostId)}/processes/${pid}`;
    try {
      const [history, changes, anomalies] = await Promise.all([
        state.fields.length ? api(base + '/history', {
          startTime: p.startTime, fields: state.fields.join(','), from: new Date(from).toISOString(),
          to: new Date(to).toISOString(), maxPoints: Math.max(200, Math.min(2000, Math.round(chartSlot.clientWidth))),
        }) : Promise.resolve({ points: [], resolution: 'raw', fields: [] }),
        api(base + '/mappings/changes', { startTime: p.startTime, from: new Date(from).toISOString(), to: new Date(to).toISOString() }),
        api('/api/anomalies', { hostId, pid, startTime: p.startTime, since: new Date(from).toISOString() }),
      ]);
      if (gen !== generation || mine !== loading) return;
      clearBanner();
      // Every time in the API is ISO-8601 text: parsed once here for comparing and placing.
      const mine2 = anomalies.filter((a) => a.pid === pid && a.startTime === p.startTime && Date.parse(a.detectedAt) <= to)
        .sort((a, b) => Date.parse(a.detectedAt) - Date.parse(b.detectedAt));
      const markers = [
        ...changes.changes.map((c) => ({ kind: 'mapping', t: Date.parse(c.t), change: c })),
        ...mine2.map((a) => ({ kind: 'anomaly', t: Date.parse(a.detectedAt), anomaly: a })),
      ].sort((a, b) => a.t - b.t);
      // A process younger than the range fills the chart instead of its right edge.
      const shownFrom = Math.max(from, Date.parse(p.firstSeen) - 0.02 * (to - Date.parse(p.firstSeen)));
      drawChart(chartSlot, history, state.fields, markers, shownFrom, to, detail);
      const points = history.points.length;
      caption.textContent = `${iso(shownFrom)} – ${iso(to)} · ${points} point${points === 1 ? '' : 's'} · `
        + (history.resolution === 'raw' ? 'one sample each' : `${history.resolution} buckets (average; min–max in the tooltip)`)
        + ' · drag to zoom, double-click to reset · markers: ▼ mapping change, ● anomaly (red firing, green resolved)';
      changesSlot.replaceChildren(...changesList(changes.changes, detail));
      anomaliesSlot.replaceChildren(...anomaliesList(mine2, detail));
      memfleet.markers = markers;
      view.dataset.chart = 'ready';
      stamp();
    } catch (e) {
      if (mine === loading) {
        view.dataset.chart = 'error';
        fail(e, gen);
      }
    }
  };
  view.dataset.state = 'ready';
  await loadChart();
}

function memoryGrid(p) {
  if (p.vmRssKb == null) return h('p', { class: 'muted' }, 'Kernel thread: no user memory, no mappings.');
  return h('dl', { class: 'memory' }, Object.entries(FIELDS).map(([f, label]) =>
    h('div', { title: f }, h('dt', {}, label), h('dd', {}, fmtKb(p[f])))));
}

function mappingLine(m) {
  const pad = (s) => s.padStart(12, '0');
  return `${pad(m.start)}-${pad(m.end)} ${m.perms} ${m.offset.toString(16).padStart(8, '0')} ${m.dev} ${m.inode}`
    + (m.path ? ' ' + m.path : ` [ ${String(m.kind || 'anon').toLowerCase()} ]`);
}

function changeSummary(c) {
  return `+${c.added.length} −${c.removed.length}`;
}

function showDetail(detail, marker) {
  const lines = [];
  if (marker.kind === 'mapping') {
    const c = marker.change;
    lines.push(h('h3', {}, `Mapping change at ${isoText(c.t)}: ${changeSummary(c)}`));
    lines.push(h('pre', { class: 'maps' }, [
      ...c.removed.map((m) => h('span', { class: 'removed' }, '− ' + mappingLine(m) + '\n')),
      ...c.added.map((m) => h('span', { class: 'added' }, '+ ' + mappingLine(m) + '\n')),
    ]));
  } else {
    const a = marker.anomaly;
    lines.push(h('h3', {}, h('span', { class: 'status ' + a.status }, a.status), ` ${a.type} · ${a.severity} · ${isoText(a.detectedAt)}`));
    lines.push(h('p', {}, a.summary));
    lines.push(h('pre', { class: 'evidence' }, Object.entries(a.evidence || {}).map(([k, v]) => `${k}: ${v}\n`)));
  }
  detail.replaceChildren(h('button', { type: 'button', class: 'close', onclick: () => { detail.hidden = true; } }, '×'), ...lines);
  detail.hidden = false;
}

function changesList(changes, detail) {
  const title = h('h2', {}, `Mapping changes (${changes.length})`);
  if (!changes.length) return [title, h('p', { class: 'empty' }, 'No mapping changes in this range.')];
  const rows = [...changes].reverse();
  return [title, h('div', { class: 'scroll short' }, table('changes', [
    { key: 't', label: 'Time (UTC)', cell: (c) => h('a', { href: '#', onclick: (e) => { e.preventDefault(); showDetail(detail, { kind: 'mapping', change: c }); } }, isoText(c.t)) },
    { key: 'added', label: 'Added', num: true, cell: (c) => h('span', { class: 'added' }, '+' + c.added.length) },
    { key: 'removed', label: 'Removed', num: true, cell: (c) => h('span', { class: 'removed' }, '−' + c.removed.length) },
    { key: 'what', label: 'First lines', cell: (c) => h('span', { class: 'mono ellipsis' },
      [...c.added.map((m) => '+' + (m.path || m.perms + ' anon')), ...c.removed.map((m) => '−' + (m.path || m.perms + ' anon'))]
        .slice(0, 3).join('  ')) },
  ], rows, null, null, (c) => ({ class: 'change-row', dataset: { t: c.t } })))];
}

function anomaliesList(anomalies, detail) {
  const title = h('h2', {}, `Anomalies (${anomalies.length})`);
  if (!anomalies.length) return [title, h('p', { class: 'empty' }, 'No anomalies for this process in this range.')];
  const rows = [...anomalies].reverse();
  return [title, h('div', { class: 'scroll short' }, table('anomalies', [
    { key: 't', label: 'Detected (UTC)', cell: (a) => h('a', { href: '#', onclick: (e) => { e.preventDefault(); showDetail(detail, { kind: 'anomaly', anomaly: a }); } }, isoText(a.detectedAt)) },
    { key: 'status', label: 'Status', cell: (a) => h('span', { class: 'status ' + a.status }, a.status) },
    { key: 'type', label: 'Type', cell: (a) => a.type },
    { key: 'severity', label: 'Severity', cell: (a) => h('span', { class: 'sev ' + a.severity }, a.severity) },
    { key: 'summary', label: 'Summary', cell: (a) => h('span', { class: 'summary' }, a.summary) },
  ], rows, null, null, (a) => ({ class: 'anomaly-row', dataset: { status: a.status, type: a.type } })))];
}

// ---------------------------------------------------------------------------------------------
// The chart

function unitFor(maxKb) {
  if (maxKb >= 2 * 1024 * 1024) return { label: 'GiB', div: 1024 * 1024 };
  if (maxKb >= 2 * 1024) return { label: 'MiB', div: 1024 };
  return { label: 'KiB', div: 1 };
}

function drawChart(slot, history, fields, markers, from, to, detail) {
  if (memfleet.chart) memfleet.chart.destroy();
  memfleet.chart = null;
  if (resizeHandler) window.removeEventListener('resize', resizeHandler);
  slot.replaceChildren();
  const xs = history.points.map((pt) => Date.parse(pt.t) / 1000);
  let max = 0;
  const raw = fields.map((f) => history.points.map((pt) => {
    const v = value(pt[f]);
    if (v != null && v > max) max = v;
    return v;
  }));
  const unit = unitFor(max);
  const ys = raw.map((series) => series.map((v) => (v == null ? null : v / unit.div)));
  const spans = fields.map((f) => history.points.map((pt) => (pt[f] && typeof pt[f] === 'object' ? pt[f] : null)));
  const digits = unit.div === 1 ? 0 : 2;
  const flags = h('div', { class: 'flags' });
  const tip = h('div', { class: 'tip', hidden: true });

  const opts = {
    width: Math.max(320, slot.clientWidth),
    height: 340,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    scales: { x: { time: true, min: from / 1000, max: to / 1000 }, y: { range: (u, lo, hi) => [0, hi > 0 ? hi * 1.08 : 1] } },
    series: [
      { label: 'time (UTC)', value: (u, v) => (v == null ? '–' : iso(v * 1000)) },
      ...fields.map((f, i) => ({
        label: FIELDS[f],
        stroke: COLORS[f],
        width: 1.6,
        fill: i === 0 ? COLORS[f] + '14' : undefined,
        spanGaps: false,
        points: { show: xs.length < 60 },
        value: (u, v, si, di) => {
          if (v == null) return '–';
          const b = di == null ? null : spans[i][di];
          const text = `${v.toFixed(digits)} ${unit.label}`;
          return b ? `${text} (${fmtKb(b.min)}–${fmtKb(b.max)})` : text;
        },
      })),
    ],
    axes: [
      { stroke: '#444', grid: { stroke: '#e6e6e6' }, ticks: { stroke: '#ccc' }, values: timeTicks },
      { label: unit.label, stroke: '#444', grid: { stroke: '#e6e6e6' }, ticks: { stroke: '#ccc' }, size: 60,
        values: (u, splits) => splits.map((v) => (unit.div === 1 ? String(Math.round(v)) : +v.toFixed(2) + '')) },
    ],
    legend: { live: true },
    hooks: {
      draw: [(u) => drawMarkers(u, markers, flags)],
      setCursor: [(u) => markerTip(u, markers, tip)],
    },
  };
  const u = new uPlot(opts, [xs, ...ys], slot);
  u.over.append(flags, tip);
  flags.addEventListener('click', (e) => {
    const flag = e.target.closest('.flag');
    if (flag) showDetail(detail, markers[Number(flag.dataset.index)]);
  });
  memfleet.chart = u;
  memfleet.unit = unit.label;
  if (!xs.length) slot.append(h('p', { class: 'empty overlay' }, 'No samples in this range.'));
  resizeHandler = () => u.setSize({ width: Math.max(320, slot.clientWidth), height: 340 });
  window.addEventListener('resize', resizeHandler);
}

/** Tick labels in UTC, 24-hour: HH:MM, with the date under the first tick and wherever the day changes. */
function timeTicks(u, splits) {
  let day = null;
  return splits.map((ts) => {
    const text = new Date(ts * 1000).toISOString();
    const label = text.slice(11, 16);
    if (text.slice(0, 10) === day) return label;
    day = text.slice(0, 10);
    return label + '\n' + day;
  });
}

/** Vertical lines on the canvas, and a flag per marker above the plot to hover and click. */
function drawMarkers(u, markers, flags) {
  const ctx = u.ctx;
  const ratio = window.devicePixelRatio || 1;
  const { left, top, width, height } = u.bbox;
  const nodes = [];
  ctx.save();
  markers.forEach((m, i) => {
    const x = u.valToPos(m.t / 1000, 'x', true);
    if (x < left - 1 || x > left + width + 1) return;
    const color = m.kind === 'mapping' ? MARK.mapping : MARK[m.anomaly.status];
    ctx.strokeStyle = color;
    ctx.lineWidth = (m.kind === 'mapping' ? 1 : 1.5) * ratio;
    ctx.setLineDash(m.kind === 'mapping' ? [4 * ratio, 3 * ratio] : []);
    ctx.beginPath();
    ctx.moveTo(Math.round(x) + 0.5, top);
    ctx.lineTo(Math.round(x) + 0.5, top + height);
    ctx.stroke();
    const css = x / ratio - left / ratio;
    const title = m.kind === 'mapping'
      ? `${iso(m.t)} mapping change ${changeSummary(m.change)}`
      : `${iso(m.t)} ${m.anomaly.status} ${m.anomaly.type} ${m.anomaly.severity}: ${m.anomaly.summary}`;
    const flag = h('button', {
      type: 'button',
      class: 'flag ' + (m.kind === 'mapping' ? 'mapping' : 'anomaly ' + m.anomaly.status),
      title, 'aria-label': title, dataset: { index: i, t: iso(m.t) },
    }, m.kind === 'mapping' ? '▼' : '●');
    flag.style.left = css + 'px';
    nodes.push(flag);
  });
  ctx.restore();
  flags.replaceChildren(...nodes);
}

/** When the cursor is on a marker's line, says what it is. */
function markerTip(u, markers, tip) {
  const left = u.cursor.left;
  if (left == null || left < 0) {
    tip.hidden = true;
    return;
  }
  const near = markers.filter((m) => Math.abs(u.valToPos(m.t / 1000, 'x') - left) <= 4);
  if (!near.length) {
    tip.hidden = true;
    return;
  }
  tip.replaceChildren(...near.map((m) => h('div', {},
    m.kind === 'mapping'
      ? [h('b', { class: 'added' }, 'mapping change '), `${iso(m.t)} ${changeSummary(m.change)}`,
        ...m.change.added.slice(0, 4).map((x) => h('div', { class: 'mono added' }, '+ ' + (x.path || `${x.perms} anonymous ${x.start}-${x.end}`))),
        ...m.change.removed.slice(0, 4).map((x) => h('div', { class: 'mono removed' }, '− ' + (x.path || `${x.perms} anonymous ${x.start}-${x.end}`))),
        m.change.added.length + m.change.removed.length > 8 ? h('div', { class: 'muted' }, '… click the marker for all') : '']
      : [h('b', { class: 'status ' + m.anomaly.status }, m.anomaly.status), ` ${m.anomaly.type} ${m.anomaly.severity} ${iso(m.t)}`,
        h('div', {}, m.anomaly.summary)])));
  tip.style.left = Math.max(0, Math.min(left + 10, u.over.clientWidth - 340)) + 'px';
  tip.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Routing: #/ · #/hosts/{hostId} · #/hosts/{hostId}/processes/{pid}?startTime=&range=&fields=

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const parts = path.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return s;
    }
  });
  return { parts, params };
}

function render() {
  const gen = ++generation;
  clearTimeout(retryTimer);
  clearBanner();
  if (memfleet.chart) {
    memfleet.chart.destroy();
    memfleet.chart = null;
  }
  memfleet.markers = [];
  view.dataset.state = 'loading';
  delete view.dataset.chart;
  delete view.dataset.growth;
  view.replaceChildren(h('p', { class: 'muted loading' }, 'Loading…'));
  const { parts, params } = parseHash();
  let work;
  if (parts.length === 0) {
    memfleet.view = 'hosts';
    work = hostsView(gen);
  } else if (parts[0] === 'hosts' && parts.length === 2) {
    memfleet.view = 'processes';
    work = processesView(parts[1], params, gen);
  } else if (parts[0] === 'hosts' && parts.length === 4 && parts[2] === 'processes') {
    memfleet.view = 'process';
    work = processView(parts[1], parts[3], params, gen);
  } else {
    work = Promise.reject(new ApiError(404, `no such view: ${location.hash}`, null));
  }
  work.then(() => {
    if (gen === generation && view.dataset.state !== 'error') {
      view.dataset.state = 'ready';
      stamp();
    }
  }, (e) => fail(e, gen));
}

window.addEventListener('hashchange', render);
document.getElementById('refresh').addEventListener('click', () => {
  growthCache.clear();
  render();
});
render();
