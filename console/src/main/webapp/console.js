'use strict';
// The library's page: one view at load, then server-sent events with the new view whenever the engine says
// something changed. Operators answer operator requests here; monitors are refused by the server (403).
const library = new URLSearchParams(location.search).get('library') || 'lib1';
document.getElementById('library').textContent = library;

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function rows(id, items, fill) {
  const body = document.querySelector('#' + id + ' tbody');
  body.replaceChildren();
  for (const item of items) {
    const tr = document.createElement('tr');
    fill(tr, item);
    body.appendChild(tr);
  }
}

async function answer(id, what) {
  const r = await fetch('api/requests/' + encodeURIComponent(id) + '/' + what, {method: 'POST'});
  document.getElementById('answer-result').textContent = r.ok ? what + ': done'
      : r.status === 403 ? 'refused: your role may only look' : 'refused: ' + (await r.json()).message;
}

function show(view) {
  const c = view.counters;
  document.getElementById('counters').textContent = `state ${c.State} · queue ${c.QueuedRequests} · mounts ${c.Mounts}`
      + ` (${c.MountsWithoutRobotMove} without a robot move) · robot moves ${c.RobotMoves} · robot busy ${c.RobotBusyShare}`
      + ` · slots ${c.FullSlots}/${c.SlotCount}` + (c.InventoryNeeded ? ` · waits for an inventory: ${c.InventoryNeeded}` : '');
  rows('drives', view.drives, (tr, d) => {
    tr.id = 'drive-' + d.name;
    [d.name, d.state, d.cartridge, d.session, d.since, d.mounts].forEach(t => cell(tr, t));
    tr.className = d.state.toLowerCase();
  });
  rows('requests', view.requests, (tr, r) => {
    tr.id = 'request-' + r.id;
    [r.type, r.state, r.application, r.message].forEach(t => cell(tr, t));
    const actions = cell(tr, '');
    for (const what of ['satisfy', 'refuse']) {
      const b = document.createElement('button');
      b.textContent = what;
      b.className = what;
      b.onclick = () => answer(r.id, what);
      actions.appendChild(b);
    }
  });
  rows('ports', view.ports, (tr, p) => [p.number, p.cartridge].forEach(t => cell(tr, t)));
  const slots = document.getElementById('slots');
  slots.replaceChildren();
  for (const s of view.slots) {
    const span = document.createElement('span');
    span.className = s.cartridge ? 'slot full' : 'slot';
    span.title = 'slot ' + s.number + (s.cartridge ? ': ' + s.cartridge : ': empty');
    span.textContent = s.number;
    slots.appendChild(span);
  }
}

async function operate(operation) {
  const barCode = document.getElementById('bar-code').value.trim();
  const query = barCode && ['mount', 'dismount', 'eject'].includes(operation) ? '?barCode=' + encodeURIComponent(barCode) : '';
  const r = await fetch('api/libraries/' + encodeURIComponent(library) + '/' + operation + query, {method: 'POST'});
  document.getElementById('operate-result').textContent = r.ok ? operation + ': ' + (await r.json()).result
      : r.status === 403 ? 'refused: your role may only look' : 'refused: ' + (await r.json()).message;
}
for (const operation of ['mount', 'dismount', 'eject', 'inject', 'inventory']) {
  document.getElementById(operation).onclick = () => operate(operation);
}

fetch('api/libraries/' + encodeURIComponent(library)).then(r => r.json()).then(show);
const events = new EventSource('api/libraries/' + encodeURIComponent(library) + '/events');
events.addEventListener('library', e => show(JSON.parse(e.data)));
events.onopen = () => { const l = document.getElementById('live'); l.textContent = 'live'; l.className = 'on'; };
events.onerror = () => { const l = document.getElementById('live'); l.textContent = 'reconnecting…'; l.className = 'off'; };
