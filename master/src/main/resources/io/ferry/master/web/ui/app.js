// Ferry's web UI: each page fetches the master's JSON API (/api/...) and renders a table or two.
// The API prints protobuf messages: 64-bit numbers arrive as strings, hence the Number() calls.
'use strict';

const REFRESH_MS = { overview: 10000, workers: 5000, jobs: 1000 };
let timer = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    node.setAttribute(key, value);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function table(headers, rows) {
  return el('table', {},
    el('tr', {}, ...headers.map(h => el('th', h.num ? { class: 'num' } : {}, h.label || h))),
    ...rows.map(cells => el('tr', {}, ...cells.map((cell, i) => el('td', headers[i].num ? { class: 'num' } : {}, cell)))));
}

function bytes(n) {
  n = Number(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
  return (u === 0 ? n : n.toFixed(1)) + ' ' + units[u];
}

function percent(part, whole) {
  return Number(whole) > 0 ? (100 * Number(part) / Number(whole)).toFixed(1) + '%' : '-';
}

function bar(part, whole) {
  const width = Number(whole) > 0 ? Math.min(100, 100 * Number(part) / Number(whole)) : 0;
  return el('span', { class: 'bar' }, el('span', { style: 'width:' + width + '%' }));
}

function hitRatio(hits, misses) {
  return percent(hits, Number(hits) + Number(misses));
}

async function api(call) {
  let response = await fetch('api/' + call, {headers: authorization()});
  if (response.status === 401 && askForToken()) {
    response = await fetch('api/' + call, {headers: authorization()});
  }
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error || response.statusText);
  }
  return body;
}

// With TOKEN authentication the API wants the user's token: asked once, kept for the tab's session.
let tokenDeclined = false;

function authorization() {
  const token = sessionStorage.getItem('ferry-token');
  return token ? {Authorization: 'Bearer ' + token} : {};
}

function askForToken() {
  if (tokenDeclined) {
    return false;
  }
  const token = window.prompt('This cluster wants your token (`ferry admin token create --user YOU` prints one):');
  if (!token) {
    tokenDeclined = true;
    return false;
  }
  sessionStorage.setItem('ferry-token', token.trim());
  return true;
}

function tierTotals(workers) {
  const tiers = {};
  for (const w of workers) {
    for (const t of w.tiers) {
      tiers[t.alias] = tiers[t.alias] || { capacity: 0, used: 0 };
      tiers[t.alias].capacity += Number(t.capacityBytes);
      tiers[t.alias].used += Number(t.usedBytes);
    }
  }
  return tiers;
}

function readChart(samples, intervalMs) {
  const width = 720, height = 160;
  const perSecond = samples.map(s => ({
    served: Number(s.bytesServed) * 1000 / intervalMs, ufs: Number(s.ufsBytesRead) * 1000 / intervalMs }));
  const max = Math.max(1, ...perSecond.map(s => s.served));
  const x = i => samples.length > 1 ? i * width / (samples.length - 1) : 0;
  const y = v => height - v * height / max;
  const line = key => perSecond.map((s, i) => x(i).toFixed(1) + ',' + y(s[key]).toFixed(1)).join(' ');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('id', 'reads');
  for (const key of ['served', 'ufs']) {
    const polyline = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    polyline.setAttribute('class', key);
    polyline.setAttribute('points', line(key));
    svg.append(polyline);
  }
  return el('div', {}, svg, el('p', {},
    el('span', { class: 'legend-served' }, 'served by workers'), ' and, of it, ',
    el('span', { class: 'legend-ufs' }, 'read from under storage'), '; peak ' + bytes(max) + '/s over ',
    samples.length + ' samples of ' + intervalMs / 1000 + ' s'));
}

const pages = {
  async overview() {
    const o = await api('overview');
    const r = o.report;
    const leader = document.getElementById('leader');
    leader.hidden = !o.leaderAddress;
    leader.replaceChildren(...(o.leaderAddress
      ? ['This master no longer leads: live figures are on ',
        el('a', { href: location.protocol + '//' + o.leaderAddress + '/' + location.hash }, 'the leader'), '.']
      : []));
    const tiers = tierTotals(r.liveWorkers);
    return [el('h1', {}, 'Cluster overview'),
      el('div', { class: 'cards' },
        el('div', { class: 'card' }, el('b', { id: 'capacity' }, bytes(r.capacityBytes)), 'capacity'),
        el('div', { class: 'card' }, el('b', { id: 'used' }, bytes(r.usedBytes)), 'used'),
        el('div', { class: 'card' }, el('b', { id: 'hit-ratio' }, hitRatio(r.cacheHits, r.cacheMisses)), 'hit ratio'),
        el('div', { class: 'card' }, el('b', {}, r.liveWorkers.length + ' / ' + r.lostWorkers), 'workers live / lost'),
        el('div', { class: 'card' }, el('b', {}, r.cachedBlocks), 'cached blocks'),
        el('div', { class: 'card' }, el('b', {}, r.inodeCount), 'files and directories')),
      el('h1', {}, 'Used per tier'),
      table(['tier', { label: 'used', num: true }, { label: 'capacity', num: true }, ''],
        Object.entries(tiers).map(([alias, t]) => [alias, bytes(t.used), bytes(t.capacity), bar(t.used, t.capacity)])),
      el('h1', {}, 'Reads over the last hour'),
      readChart(o.reads, Number(o.sampleIntervalMs))];
  },

  async workers() {
    const answer = await api('workers');
    const workers = answer.live.map(w => ({ ...w, state: 'live' }))
      .concat(answer.lost.map(w => ({ ...w, state: 'lost' })));
    const now = Date.now();
    return [el('h1', {}, 'Workers'),
      table(['worker', 'state', 'tiers (used / capacity)', { label: 'blocks', num: true },
        { label: 'hit ratio', num: true }, { label: 'last heartbeat', num: true }],
      workers.map(w => [w.address.host + ':' + w.address.rpcPort, w.state,
        w.tiers.map(t => t.alias + ' ' + bytes(t.usedBytes) + ' / ' + bytes(t.capacityBytes)).join(', '),
        w.blockCount, hitRatio(w.metrics.cacheHits, w.metrics.cacheMisses),
        ((now - Number(w.lastHeartbeatMs)) / 1000).toFixed(1) + ' s ago']))];
  },

  async mounts() {
    const mounts = (await api('mounts')).mounts;
    return [el('h1', {}, 'Mounts'),
      table(['Ferry path', 'under storage', 'read-only', 'options (secrets masked)'],
        mounts.map(m => [m.ferryPath, m.ufsUri, m.readOnly ? 'yes' : 'no',
          Object.entries(m.options).map(([k, v]) => k + '=' + v).join(', ')]))];
  },

  async browse(params) {
    const listing = await api('browse?path=' + encodeURIComponent(params.get('path') || '/'));
    const link = (path, text) => el('a', { href: '#browse?path=' + encodeURIComponent(path) }, text);
    const parts = listing.path.split('/').filter(p => p);
    const crumbs = [link('/', '/')];
    parts.forEach((part, i) => crumbs.push(link('/' + parts.slice(0, i + 1).join('/'), part), ' / '));
    return [el('h1', {}, 'Browse ', ...crumbs),
      table(['name', { label: 'size', num: true }, { label: 'cached', num: true }, '', 'cached on', 'persisted',
        'pinned', 'modified'],
      listing.entries.map(e => [e.file.isDirectory ? link(e.file.path, e.file.name + '/') : e.file.name,
        e.file.isDirectory ? '' : bytes(e.file.length),
        e.file.isDirectory ? '' : percent(e.cachedBytes, e.file.length),
        e.file.isDirectory ? '' : bar(e.cachedBytes, e.file.length),
        e.cachedOn.join(', '), e.file.persisted ? 'yes' : 'no', e.file.pinned ? 'yes' : 'no',
        new Date(Number(e.file.mtimeMs)).toISOString()])),
      listing.truncated ? el('p', {}, 'Only the first entries are shown.') : ''];
  },

  async jobs() {
    const jobs = (await api('jobs')).jobs;
    const now = Date.now();
    return [el('h1', {}, 'Load jobs'),
      table([{ label: 'id', num: true }, 'path', 'state', { label: 'files done / total', num: true }, '',
        { label: 'bytes done / total', num: true }, { label: 'failed', num: true }, { label: 'rate', num: true }],
      jobs.map(j => {
        const seconds = ((Number(j.endedMs) || now) - Number(j.createdMs)) / 1000;
        return [j.jobId, j.path, j.state.replace('LOAD_', '').toLowerCase(),
          j.filesDone + ' / ' + j.filesTotal + (j.listingComplete ? '' : '+'), bar(j.filesDone, j.filesTotal),
          bytes(j.bytesDone) + ' / ' + bytes(j.bytesTotal), j.filesFailed,
          seconds > 0 ? bytes(Number(j.bytesDone) / seconds) + '/s' : '-'];
      }))];
  },

  async masters() {
    const r = (await api('overview')).report;
    const masters = r.masters.length ? r.masters : [{ address: r.masterAddress, role: 'leader (single master)', logIndex: '-' }];
    return [el('h1', {}, 'Masters'),
      table(['address', 'Raft role', { label: 'log index', num: true }],
        masters.map(m => [m.address, m.role, m.logIndex]))];
  },
};

async function show() {
  clearTimeout(timer);
  const [name, query] = (location.hash.substring(1) || 'overview').split('?');
  const page = pages[name] ? name : 'overview';
  for (const a of document.querySelectorAll('nav a')) {
    a.classList.toggle('current', a.getAttribute('href') === '#' + page);
  }
  const error = document.getElementById('error');
  try {
    const content = await pages[page](new URLSearchParams(query || ''));
    document.getElementById('page').replaceChildren(...content);
    document.body.dataset.page = page;
    error.hidden = true;
  } catch (e) {
    error.textContent = 'Cannot show ' + page + ': ' + e.message;
    error.hidden = false;
  }
  if (REFRESH_MS[page]) {
    timer = setTimeout(show, REFRESH_MS[page]);
  }
}

window.addEventListener('hashchange', show);
show();
