// Leggio viewer: shows the score pages of a session's piece and a cursor where the players are.
//
// Talks to the gateway it is served by:
//   GET  /api/pieces/{id}                 piece geometry (pages, systems, bars) as protobuf JSON
//   GET  /api/pieces/{id}/pages/{n}.png   page images (0-based)
//   WS   /ws/sessions/{id}?token=…        SessionEvent JSON text frames (position, pageTurn, identification)
//   POST /api/sessions/{id}/commands      SessionCommand JSON (resync, reset, pause)
// Plain ES2020, no dependencies. Coordinates in the API are px on the page image at its native size.

const STATES = [
  'FOLLOW_STATE_UNSPECIFIED',
  'FOLLOW_STATE_IDLE',
  'FOLLOW_STATE_IDENTIFYING',
  'FOLLOW_STATE_FOLLOWING',
  'FOLLOW_STATE_LOST',
  'FOLLOW_STATE_PAUSED',
];
const IDLE = 'FOLLOW_STATE_IDLE';
const IDENTIFYING = 'FOLLOW_STATE_IDENTIFYING';
const FOLLOWING = 'FOLLOW_STATE_FOLLOWING';
const LOST = 'FOLLOW_STATE_LOST';
const PAUSED = 'FOLLOW_STATE_PAUSED';
const STATE_TEXT = {
  FOLLOW_STATE_UNSPECIFIED: 'Waiting…',
  FOLLOW_STATE_IDLE: 'Listening…',
  FOLLOW_STATE_IDENTIFYING: 'Identifying…',
  FOLLOW_STATE_FOLLOWING: 'Following',
  FOLLOW_STATE_LOST: 'Lost — searching',
  FOLLOW_STATE_PAUSED: 'Paused',
};
const TURN_KINDS = ['PAGE_TURN_KIND_UNSPECIFIED', 'PAGE_TURN_KIND_FULL', 'PAGE_TURN_KIND_HALF'];

/**
 * A position must be at least this confident (and FOLLOWING) to turn the page on its own: the matcher's own turn
 * confidence (SessionConfig.TURN_CONFIDENCE). Reported confidences are calibrated: such positions are within a beat
 * of the players about three times in four.
 */
const AUTO_TURN_CONFIDENCE = 0.73;
/** Viewport width / height above which two pages are shown side by side. */
const TWO_PAGE_ASPECT = 1.2;
const DEFAULT_PAGE_WIDTH = 835;
const DEFAULT_PAGE_HEIGHT = 1181;
const GAP_PX = 8;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15000;
const THEMES = ['theme-dark', 'theme-light', 'theme-night'];

// ---------------------------------------------------------------- small helpers

const $ = (id) => document.getElementById(id);

function snake(name) {
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** A field of a protobuf JSON object by its lowerCamelCase name (the original snake_case name also accepted). */
function field(obj, name) {
  if (!obj || typeof obj !== 'object') return undefined;
  const v = obj[name];
  return v !== undefined ? v : obj[snake(name)];
}

/** A number (int64 may come as a string, "NaN"/"Infinity" as strings); fallback when missing or not finite. */
function num(v, fallback = 0) {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

function str(v) {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function arr(v) {
  return Array.isArray(v) ? v : [];
}

function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(hi, v));
}

function stateName(v) {
  if (typeof v === 'number') return STATES[v] || STATES[0];
  const s = str(v);
  if (STATES.includes(s)) return s;
  if (STATES.includes('FOLLOW_STATE_' + s.toUpperCase())) return 'FOLLOW_STATE_' + s.toUpperCase();
  return STATES[0];
}

function turnKind(v) {
  if (typeof v === 'number') return TURN_KINDS[v] || TURN_KINDS[0];
  const s = str(v);
  return TURN_KINDS.includes(s) ? s : TURN_KINDS[0];
}

/** A v4 UUID; crypto.randomUUID exists only in secure contexts (a tablet on plain http has none). */
function uuid() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch (e) {
      /* fall through */
    }
  }
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return s;
  }
}

function storageGet(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

function storageSet(key, value) {
  try {
    window.localStorage.setItem(key, value);
  } catch (e) {
    /* private mode: not remembered */
  }
}

// ---------------------------------------------------------------- parsing API objects

function parseMetadata(m) {
  return {
    title: str(field(m, 'title')),
    composer: str(field(m, 'composer')),
    movement: str(field(m, 'movement')),
    catalogueNumber: str(field(m, 'catalogueNumber')),
  };
}

function mergeMetadata(a, b) {
  const out = {};
  for (const k of ['title', 'composer', 'movement', 'catalogueNumber']) {
    out[k] = (a && a[k]) || (b && b[k]) || '';
  }
  return out;
}

function parseCandidates(list) {
  return arr(list)
    .map((c) => ({ pieceId: str(field(c, 'pieceId')), score: num(field(c, 'score')), stripXPx: num(field(c, 'stripXPx')) }))
    .filter((c) => c.pieceId);
}

/** A ScoreIndex (protobuf JSON) as the viewer uses it. */
function parsePiece(j, pieceId) {
  const pages = arr(field(j, 'pages')).map((p, i) => ({
    pageIndex: num(field(p, 'pageIndex'), i),
    widthPx: num(field(p, 'widthPx')) || DEFAULT_PAGE_WIDTH,
    heightPx: num(field(p, 'heightPx')) || 0,
    staffSpacePx: num(field(p, 'staffSpacePx')) || 0,
  }));
  pages.sort((a, b) => a.pageIndex - b.pageIndex);
  const systems = arr(field(j, 'systems')).map((s, i) => {
    const top = num(field(s, 'topYPx'));
    const bottom = num(field(s, 'bottomYPx'));
    const centre = num(field(s, 'centreYPx'));
    return {
      systemIndex: num(field(s, 'systemIndex'), i),
      pageIndex: num(field(s, 'pageIndex')),
      leftXPx: num(field(s, 'leftXPx')),
      rightXPx: num(field(s, 'rightXPx')),
      topYPx: top,
      bottomYPx: Math.max(bottom, top),
      centreYPx: centre > 0 ? centre : (top + bottom) / 2,
    };
  });
  const byIndex = new Map(systems.map((s) => [s.systemIndex, s]));
  const byPage = new Map();
  for (const s of systems) {
    if (!byPage.has(s.pageIndex)) byPage.set(s.pageIndex, []);
    byPage.get(s.pageIndex).push(s);
  }
  for (const list of byPage.values()) list.sort((a, b) => a.topYPx - b.topYPx);
  // The page count: the pages listed; systems on later pages imply at least those.
  let pageCount = pages.length ? pages[pages.length - 1].pageIndex + 1 : 0;
  for (const s of systems) pageCount = Math.max(pageCount, s.pageIndex + 1);
  return {
    pieceId: str(field(j, 'pieceId')) || pieceId,
    metadata: parseMetadata(field(j, 'metadata')),
    pages: new Map(pages.map((p) => [p.pageIndex, p])),
    pageCount,
    systems,
    systemsByIndex: byIndex,
    systemsByPage: byPage,
  };
}

// ---------------------------------------------------------------- state

const params = (() => {
  const q = new URLSearchParams(window.location.search);
  let session = (q.get('session') || '').trim();
  const m = window.location.pathname.match(/^\/sessions\/([^/]+)\/?$/);
  if (!session && m) session = safeDecode(m[1]).trim();
  return { session, token: q.get('token') || '' };
})();

const S = {
  sessionId: params.session,
  token: params.token,
  state: '',
  pieceId: '', // the piece shown
  piece: null, // parsed ScoreIndex of pieceId, once loaded
  pieceError: '',
  shown: 0, // the page shown (the left one in the two-page layout)
  half: false, // single layout: top half shows the next page
  holdPage: null, // after manual browsing: the position's page then; no position-driven turn until it changes
  position: null, // parsed latest position
  identification: null, // parsed latest identification
  connection: 'idle',
  ws: null,
  reconnectAttempt: 0,
  reconnectTimer: 0,
  cursorKey: '',
  regions: [],
  twoPage: false,
};

const pieces = new Map(); // pieceId -> {data, promise, failedAt}
const catalog = new Map(); // pieceId -> metadata, from GET /api/pieces (for candidate titles)

/** Test hooks, read by headless browser tests. */
const LV = {
  events: 0,
  turns: 0,
  pageChanges: 0,
  commands: 0,
  lastPosition: null,
  lastPageTurn: null,
  lastIdentification: null,
  lastCommand: null,
  /** Feeds a SessionEvent (object or JSON text) as if it came from the socket. */
  inject: (event) => handleFrame(typeof event === 'string' ? event : JSON.stringify(event)),
  /**
   * Where a printed place is on the screen: the viewport point of system `systemOnPage` (0-based on its
   * page) of page `pageIndex`, `fraction` of the way across it; null when that page part is not shown.
   */
  pointOf: (pageIndex, systemOnPage, fraction) => {
    const sys = S.piece ? (S.piece.systemsByPage.get(pageIndex) || [])[systemOnPage] : null;
    if (!sys) return null;
    const region = S.regions.find((r) => r.page === pageIndex && sys.centreYPx >= r.y0 && sys.centreYPx <= r.y1);
    if (!region) return null;
    const stage = $('stage').getBoundingClientRect();
    const px = sys.leftXPx + fraction * (sys.rightXPx - sys.leftXPx);
    return {
      x: stage.left + region.x + px * region.scale,
      y: stage.top + region.y + sys.centreYPx * region.scale,
      systemIndex: sys.systemIndex,
    };
  },
};
window.leggioViewer = LV;

// ---------------------------------------------------------------- piece loading

function pageUrl(pieceId, pageIndex) {
  return `/api/pieces/${encodeURIComponent(pieceId)}/pages/${pageIndex}.png`;
}

function loadPiece(pieceId) {
  const known = pieces.get(pieceId);
  if (known && (known.data || known.promise)) return;
  if (known && known.failedAt && Date.now() - known.failedAt < 5000) return;
  const entry = { data: null, promise: null, failedAt: 0 };
  pieces.set(pieceId, entry);
  entry.promise = fetch(`/api/pieces/${encodeURIComponent(pieceId)}`, { headers: { Accept: 'application/json' } })
    .then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.json();
    })
    .then((json) => {
      entry.data = parsePiece(json, pieceId);
      entry.promise = null;
      if (S.pieceId === pieceId) {
        S.piece = entry.data;
        S.pieceError = '';
        if (S.piece.pageCount > 0) S.shown = clamp(S.shown, 0, S.piece.pageCount - 1);
        // a position that came before the geometry may now turn the page or the half page
        if (S.position && S.position.pieceId === pieceId) applyPositionTurns(S.position);
        render();
      }
    })
    .catch((err) => {
      entry.promise = null;
      entry.failedAt = Date.now();
      if (S.pieceId === pieceId) {
        S.pieceError = `Could not load the score of “${pieceId}” (${err.message || err}).`;
        render();
      }
    });
}

function loadCatalog() {
  fetch('/api/pieces', { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : []))
    .then((list) => {
      for (const p of arr(list)) {
        const id = str(field(p, 'pieceId'));
        if (id) catalog.set(id, parseMetadata(field(p, 'metadata')));
      }
      render();
    })
    .catch(() => {
      /* titles of candidates are a nicety */
    });
}

function switchPiece(pieceId, pageIndex) {
  S.pieceId = pieceId;
  const entry = pieces.get(pieceId);
  S.piece = entry && entry.data ? entry.data : null;
  S.pieceError = '';
  S.shown = Math.max(0, pageIndex | 0);
  if (S.piece && S.piece.pageCount > 0) S.shown = clamp(S.shown, 0, S.piece.pageCount - 1);
  S.half = false;
  S.holdPage = null;
  S.cursorKey = '';
  LV.pageChanges++;
  loadPiece(pieceId);
}

function pageCount() {
  return S.piece ? S.piece.pageCount : 0;
}

function pageSize(pageIndex) {
  const p = S.piece && S.piece.pages.get(pageIndex);
  if (p && p.widthPx > 0 && p.heightPx > 0) return { w: p.widthPx, h: p.heightPx };
  return { w: DEFAULT_PAGE_WIDTH, h: DEFAULT_PAGE_HEIGHT };
}

function systemOf(index) {
  return S.piece ? S.piece.systemsByIndex.get(index) || null : null;
}

/** The y (page px) where a page's bottom half begins: between the systems either side of its middle. */
function splitY(pageIndex) {
  const h = pageSize(pageIndex).h;
  const mid = h / 2;
  const list = (S.piece && S.piece.systemsByPage.get(pageIndex)) || [];
  let above = null;
  let below = null;
  for (const s of list) {
    if (s.centreYPx <= mid) above = s;
    else if (!below) below = s;
  }
  if (above && below) return clamp((above.bottomYPx + below.topYPx) / 2, h * 0.2, h * 0.8);
  if (below) return clamp(below.topYPx - 4, h * 0.2, h * 0.8);
  if (above) return clamp(above.bottomYPx + 4, h * 0.2, h * 0.8);
  return mid;
}

// ---------------------------------------------------------------- page turning

function turnTo(pageIndex) {
  const n = pageCount();
  const target = n > 0 ? clamp(pageIndex, 0, n - 1) : Math.max(0, pageIndex);
  if (target !== S.shown) {
    S.shown = target;
    LV.pageChanges++;
  }
  S.half = false;
}

function isConfidentFollow(pos) {
  return pos.state === FOLLOWING && pos.confidence >= AUTO_TURN_CONFIDENCE;
}

/** The automatic turns a position may cause: forward full turns and the half turn; never backwards. */
function applyPositionTurns(pos) {
  if (!isConfidentFollow(pos) || pos.pieceId !== S.pieceId) return;
  if (S.holdPage !== null) {
    if (pos.pageIndex === S.holdPage) return; // the user is browsing: wait until the players reach another page
    S.holdPage = null;
  }
  if (pos.pageIndex > S.shown) {
    turnTo(pos.pageIndex);
  }
  if (pos.pageIndex === S.shown && S.piece && !S.twoPage) {
    const sys = systemOf(pos.systemIndex);
    const hasNext = S.shown + 1 < pageCount();
    if (sys && hasNext) {
      const mid = pageSize(S.shown).h / 2;
      if (sys.centreYPx > mid) S.half = true;
      else if (S.half && sys.centreYPx < splitY(S.shown)) S.half = false; // a repeat back into the covered half
    }
  }
}

function browse(delta) {
  const n = pageCount();
  if (n === 0) return;
  const target = clamp(S.shown + delta, 0, n - 1);
  const pos = S.position;
  if (target === S.shown && !S.half) return;
  turnTo(target);
  // Hold the automatic turns while the players stay on the page they were on; they resume on the next page.
  S.holdPage = pos && pos.pieceId === S.pieceId && pos.pageIndex !== target ? pos.pageIndex : null;
  S.cursorKey = '';
  render();
}

// ---------------------------------------------------------------- events

function parsePosition(p) {
  const beats = field(p, 'scoreBeats');
  return {
    sequenceNumber: num(field(p, 'sequenceNumber')),
    state: stateName(field(p, 'state')),
    pieceId: str(field(p, 'pieceId')),
    pageIndex: num(field(p, 'pageIndex')),
    systemIndex: num(field(p, 'systemIndex')),
    pageXPx: num(field(p, 'pageXPx')),
    stripXPx: num(field(p, 'stripXPx')),
    barLabel: str(field(p, 'barLabel')),
    scoreBeats: num(beats, NaN),
    tempoStripPxPerSecond: num(field(p, 'tempoStripPxPerSecond')),
    tempoRelative: num(field(p, 'tempoRelative')),
    confidence: clamp(num(field(p, 'confidence')), 0, 1),
    candidates: parseCandidates(field(p, 'candidates')),
  };
}

function onPosition(raw) {
  LV.lastPosition = raw;
  const pos = parsePosition(raw);
  S.position = pos;
  S.state = pos.state;
  if (pos.pieceId && pos.pieceId !== S.pieceId && pos.state !== IDENTIFYING && pos.state !== IDLE) {
    // a (new) piece is being followed: show the page the players are on
    switchPiece(pos.pieceId, pos.pageIndex);
  } else if (pos.pieceId && !S.pieceId && pos.state === IDLE) {
    switchPiece(pos.pieceId, 0);
  }
  if (S.pieceId && !S.piece) loadPiece(S.pieceId); // retries a failed load (at most every 5 s)
  applyPositionTurns(pos);
}

function onPageTurn(raw) {
  LV.turns++;
  LV.lastPageTurn = raw;
  const pieceId = str(field(raw, 'pieceId'));
  const from = num(field(raw, 'fromPageIndex'));
  const to = num(field(raw, 'toPageIndex'));
  const kind = turnKind(field(raw, 'kind'));
  if (pieceId && pieceId !== S.pieceId) switchPiece(pieceId, from);
  if (kind === 'PAGE_TURN_KIND_HALF' && to === from + 1) {
    // players in the bottom half of `from`: show the top of `to` (two-page layout: it is already beside it)
    if (from > S.shown) turnTo(from);
    if (from === S.shown && !S.twoPage && (S.shown + 1 < pageCount() || !S.piece)) S.half = true;
    if (from >= S.shown) S.holdPage = null;
  } else if (to > S.shown) {
    turnTo(to);
    S.holdPage = null;
  }
}

function onIdentification(raw) {
  LV.lastIdentification = raw;
  const ident = {
    pieceId: str(field(raw, 'pieceId')),
    metadata: parseMetadata(field(raw, 'metadata')),
    confidence: num(field(raw, 'confidence')),
    candidates: parseCandidates(field(raw, 'candidates')),
  };
  S.identification = ident;
  if (ident.pieceId) {
    catalog.set(ident.pieceId, mergeMetadata(ident.metadata, catalog.get(ident.pieceId)));
    if (ident.pieceId !== S.pieceId) switchPiece(ident.pieceId, 0);
  }
}

function handleFrame(text) {
  if (typeof text !== 'string') return; // binary frames are the protobuf subprotocol, not requested
  let ev;
  try {
    ev = JSON.parse(text);
  } catch (e) {
    try {
      ev = JSON.parse(text.replace(/:\s*(-?Infinity|NaN)\b/g, ':"$1"'));
    } catch (e2) {
      return;
    }
  }
  if (!ev || typeof ev !== 'object') return;
  LV.events++;
  const position = field(ev, 'position');
  const pageTurn = field(ev, 'pageTurn');
  const identification = field(ev, 'identification');
  if (position) onPosition(position);
  else if (pageTurn) onPageTurn(pageTurn);
  else if (identification) onIdentification(identification);
  render();
}

// ---------------------------------------------------------------- socket

function setConnection(c) {
  S.connection = c;
  document.body.dataset.connection = c;
  renderConnection();
}

function socketUrl() {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  let url = `${scheme}//${window.location.host}/ws/sessions/${encodeURIComponent(S.sessionId)}`;
  if (S.token) url += `?token=${encodeURIComponent(S.token)}`;
  return url;
}

function connect() {
  clearTimeout(S.reconnectTimer);
  S.reconnectTimer = 0;
  if (S.ws) return;
  setConnection(S.reconnectAttempt > 0 ? 'reconnecting' : 'connecting');
  let ws;
  try {
    ws = new WebSocket(socketUrl());
  } catch (e) {
    scheduleReconnect();
    return;
  }
  S.ws = ws;
  ws.onopen = () => {
    if (S.ws !== ws) return;
    S.reconnectAttempt = 0;
    setConnection('open');
  };
  ws.onmessage = (m) => {
    if (S.ws === ws) handleFrame(m.data);
  };
  ws.onerror = () => {
    /* a close follows */
  };
  ws.onclose = (e) => {
    if (S.ws !== ws) return;
    S.ws = null;
    if (e.code === 1008) showToast(`The server refused the session: ${e.reason || 'policy'}`, true);
    scheduleReconnect();
  };
}

function scheduleReconnect() {
  if (S.reconnectTimer) return;
  S.reconnectAttempt++;
  const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(S.reconnectAttempt - 1, 10));
  const delay = base * (0.75 + Math.random() * 0.5);
  setConnection('reconnecting');
  S.reconnectTimer = setTimeout(() => {
    S.reconnectTimer = 0;
    connect();
  }, delay);
}

function reconnectNow() {
  if (!S.sessionId || S.ws) return;
  connect();
}

// ---------------------------------------------------------------- commands

async function sendCommand(body, okText) {
  const command = { commandId: uuid(), ...body };
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (S.token) headers.Authorization = `Bearer ${S.token}`;
  LV.commands++;
  LV.lastCommand = command;
  try {
    const r = await fetch(`/api/sessions/${encodeURIComponent(S.sessionId)}/commands`, {
      method: 'POST',
      headers,
      body: JSON.stringify(command),
    });
    if (!r.ok) {
      let reason = '';
      try {
        const j = await r.json();
        reason = str(j && j.error);
      } catch (e) {
        /* no JSON body */
      }
      showToast(`Command refused (${r.status}${reason ? ': ' + reason : ''})`, true);
      return false;
    }
    if (okText) showToast(okText, false);
    return true;
  } catch (e) {
    showToast('Could not send the command (offline?)', true);
    return false;
  }
}

function resyncAt(clientX, clientY) {
  if (!S.pieceId || !S.piece) return;
  const stage = $('stage').getBoundingClientRect();
  const x = clientX - stage.left;
  const y = clientY - stage.top;
  const region = S.regions.find(
    (r) => x >= r.x && x <= r.x + r.w && y >= r.y + r.y0 * r.scale && y <= r.y + r.y1 * r.scale,
  );
  if (!region) return;
  const px = (x - region.x) / region.scale;
  const py = (y - region.y) / region.scale;
  const all = S.piece.systemsByPage.get(region.page) || [];
  const visible = all.filter((s) => s.centreYPx >= region.y0 && s.centreYPx <= region.y1);
  const list = visible.length ? visible : all;
  if (!list.length) {
    showToast('No staff systems known on this page', true);
    return;
  }
  let best = null;
  let bestD = Infinity;
  for (const s of list) {
    const d = py < s.topYPx ? s.topYPx - py : py > s.bottomYPx ? py - s.bottomYPx : 0;
    const tie = Math.abs(py - s.centreYPx) / 1e6;
    if (d + tie < bestD) {
      bestD = d + tie;
      best = s;
    }
  }
  const width = pageSize(region.page).w;
  const pageXPx = Math.round(clamp(px, 0, width) * 10) / 10;
  const mark = $('tap-mark');
  mark.style.left = `${x}px`;
  mark.style.top = `${y}px`;
  mark.classList.remove('show');
  void mark.offsetWidth; // restart the animation
  mark.classList.add('show');
  sendCommand(
    { resync: { pieceId: S.pieceId, pageIndex: region.page, systemIndex: best.systemIndex, pageXPx } },
    `Resync: page ${region.page + 1}, system ${best.systemIndex + 1}`,
  );
}

function reset() {
  sendCommand({ reset: {} }, 'Reset sent');
  // a reset may turn back: start again from the first page
  turnTo(0);
  S.holdPage = null;
  S.cursorKey = '';
  render();
}

function togglePause() {
  const paused = S.state !== PAUSED;
  sendCommand({ pause: { paused } }, paused ? 'Pause sent' : 'Resume sent');
}

// ---------------------------------------------------------------- rendering

let toastTimer = 0;
function showToast(text, isError) {
  const t = $('toast');
  t.textContent = text;
  t.classList.toggle('error', !!isError);
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    t.hidden = true;
  }, isError ? 5000 : 2000);
}

function metadataFor(pieceId) {
  let meta = S.piece && S.piece.pieceId === pieceId ? S.piece.metadata : null;
  if (S.identification && S.identification.pieceId === pieceId) meta = mergeMetadata(meta, S.identification.metadata);
  return mergeMetadata(meta, catalog.get(pieceId));
}

function renderTitle() {
  const title = $('title');
  const m0 = S.pieceId ? metadataFor(S.pieceId) : null;
  const key = `${S.pieceId}|${S.sessionId}|${m0 ? Object.values(m0).join('|') : ''}`;
  if (title.dataset.key === key) return;
  title.dataset.key = key;
  title.textContent = '';
  if (!S.pieceId) {
    title.append('Leggio');
    if (S.sessionId) {
      const extra = document.createElement('span');
      extra.className = 'extra';
      extra.textContent = ` · ${S.sessionId}`;
      title.append(extra);
    }
    document.title = 'Leggio';
    return;
  }
  const m = metadataFor(S.pieceId);
  const name = m.title || S.pieceId;
  title.append(name);
  let rest = '';
  if (m.composer) rest += ` — ${m.composer}`;
  if (m.movement) rest += ` (${m.movement})`;
  if (rest) {
    const c = document.createElement('span');
    c.className = 'composer';
    c.textContent = rest;
    title.append(c);
  }
  if (m.catalogueNumber) {
    const extra = document.createElement('span');
    extra.className = 'extra';
    extra.textContent = ` · ${m.catalogueNumber}`;
    title.append(extra);
  }
  title.title = title.textContent;
  document.title = `${name} — Leggio`;
}

function renderConnection() {
  const el = $('connection');
  if (S.connection === 'reconnecting') {
    el.textContent = 'reconnecting…';
    el.hidden = false;
  } else if (S.connection === 'connecting') {
    el.textContent = 'connecting…';
    el.hidden = false;
  } else {
    el.hidden = true;
  }
  const status = $('status');
  if (!S.state) status.textContent = S.connection === 'open' ? 'Waiting…' : 'Connecting…';
}

function renderStatus() {
  const pos = S.position;
  const body = document.body;
  body.dataset.state = S.state;
  body.dataset.piece = S.pieceId;
  body.dataset.page = String(S.shown);
  body.dataset.bar = pos ? pos.barLabel : '';
  body.dataset.half = String(S.half && !S.twoPage);
  body.dataset.layout = S.twoPage ? 'two-page' : 'single';

  const status = $('status');
  const text = S.state ? STATE_TEXT[S.state] || 'Waiting…' : S.connection === 'open' ? 'Waiting…' : 'Connecting…';
  if (status.textContent !== text) status.textContent = text;

  const following = pos && (S.state === FOLLOWING || S.state === LOST || S.state === PAUSED);
  const bar = $('bar-label');
  bar.hidden = !(following && pos.barLabel);
  if (!bar.hidden) bar.textContent = `Bar ${pos.barLabel}`;

  const tempo = $('tempo');
  tempo.hidden = !(following && pos.tempoRelative > 0);
  if (!tempo.hidden) {
    tempo.textContent = `♩ ${Math.round(pos.tempoRelative * 100)}%`;
    tempo.title = `Tempo ${Math.round(pos.tempoRelative * 100)}% of the notated tempo`;
  }

  const conf = pos ? pos.confidence : 0;
  const meter = $('confidence');
  const pct = Math.round(conf * 100);
  meter.setAttribute('aria-valuenow', String(pct));
  meter.title = `Confidence ${pct}%`;
  meter.classList.toggle('mid', conf >= 0.4 && conf < 0.7);
  meter.classList.toggle('high', conf >= 0.7);
  $('confidence-fill').style.width = `${pct}%`;

  const n = pageCount();
  const info = $('page-info');
  info.hidden = n === 0;
  if (n > 0) {
    const right = S.twoPage && S.shown + 1 < n ? `–${S.shown + 2}` : '';
    info.textContent = `p. ${S.shown + 1}${right} / ${n}`;
  }
  $('btn-prev').disabled = n === 0 || (S.shown === 0 && !S.half);
  $('btn-next').disabled = n === 0 || S.shown >= n - 1;
  const pauseBtn = $('btn-pause');
  pauseBtn.textContent = S.state === PAUSED ? 'Resume' : 'Pause';
  pauseBtn.setAttribute('aria-pressed', String(S.state === PAUSED));

  renderCandidates();
}

function renderCandidates() {
  const list = $('candidates');
  let cands = [];
  if (S.state === IDENTIFYING) {
    cands = S.position && S.position.candidates.length ? S.position.candidates : [];
    if (!cands.length && S.identification) cands = S.identification.candidates;
  }
  const key = cands.map((c) => `${c.pieceId}:${c.score.toFixed(2)}`).join('|');
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.textContent = '';
  list.hidden = cands.length === 0;
  for (const c of cands.slice(0, 8)) {
    const li = document.createElement('li');
    li.dataset.pieceId = c.pieceId;
    const id = document.createElement('span');
    id.className = 'cand-id';
    id.textContent = c.pieceId;
    li.append(id);
    const meta = catalog.get(c.pieceId);
    if (meta && meta.title) {
      const t = document.createElement('span');
      t.className = 'cand-title';
      t.textContent = ` ${meta.title}${meta.composer ? ' — ' + meta.composer : ''}`;
      li.append(t);
    }
    const sc = document.createElement('span');
    sc.className = 'cand-score';
    sc.textContent = c.score.toFixed(2);
    li.append(sc);
    list.append(li);
  }
}

function setImage(img, pieceId, pageIndex) {
  const has = pieceId && pageIndex >= 0 && pageIndex < pageCount();
  const src = has ? pageUrl(pieceId, pageIndex) : '';
  if (img.dataset.src !== src) {
    img.dataset.src = src;
    if (src) img.src = src;
    else img.removeAttribute('src');
  }
  img.dataset.pageIndex = has ? String(pageIndex) : '';
  img.classList.toggle('blank', !has);
  img.alt = has ? `Page ${pageIndex + 1}` : '';
}

function placeBox(el, x, y, w, h) {
  el.style.left = `${Math.round(x)}px`;
  el.style.top = `${Math.round(y)}px`;
  el.style.width = `${Math.round(w)}px`;
  el.style.height = `${Math.round(h)}px`;
}

const preloaded = new Set();
function preload(pieceId, pageIndex) {
  if (pageIndex < 0 || pageIndex >= pageCount()) return;
  const src = pageUrl(pieceId, pageIndex);
  if (preloaded.has(src)) return;
  preloaded.add(src);
  const img = new Image();
  img.decoding = 'async';
  img.src = src;
}

function ensureRightSlot(wanted) {
  let slot = $('slot-right');
  if (wanted && !slot) {
    slot = document.createElement('div');
    slot.id = 'slot-right';
    slot.className = 'slot';
    const img = document.createElement('img');
    img.id = 'page-right';
    img.className = 'page';
    img.alt = '';
    img.draggable = false;
    img.decoding = 'async';
    slot.append(img);
    $('slot-left').after(slot);
  } else if (!wanted && slot) {
    slot.remove();
    slot = null;
  }
  return slot;
}

function renderPages() {
  const stage = $('stage');
  const W = stage.clientWidth;
  const H = stage.clientHeight;
  const message = $('message');
  const left = $('slot-left');
  S.twoPage = window.innerWidth / Math.max(1, window.innerHeight) > TWO_PAGE_ASPECT;
  S.regions = [];

  if (!S.sessionId) {
    left.hidden = true;
    ensureRightSlot(false);
    message.hidden = true;
    return;
  }
  if (!S.pieceId || !S.piece) {
    left.hidden = true;
    ensureRightSlot(false);
    message.hidden = false;
    let html;
    if (S.pieceError) html = ['Score unavailable', S.pieceError];
    else if (S.pieceId) html = ['Loading score…', S.pieceId];
    else html = [STATE_TEXT[S.state] || 'Waiting for music…', `Session ${S.sessionId}`];
    if (message.dataset.key !== html.join('|')) {
      message.dataset.key = html.join('|');
      message.textContent = '';
      const big = document.createElement('div');
      big.className = 'big';
      big.textContent = html[0];
      const small = document.createElement('div');
      small.textContent = html[1];
      message.append(big, small);
    }
    return;
  }
  message.hidden = true;
  left.hidden = false;

  const n = pageCount();
  const pad = GAP_PX;
  const availH = Math.max(10, H - 2 * pad);
  const halfImg = $('page-half');
  const halfBox = $('half-top');

  if (S.twoPage) {
    const right = ensureRightSlot(true);
    const a = pageSize(S.shown);
    const b = S.shown + 1 < n ? pageSize(S.shown + 1) : a;
    const slotW = Math.max(10, (W - 3 * pad) / 2);
    const scale = Math.min(slotW / a.w, slotW / b.w, availH / a.h, availH / b.h);
    const wa = a.w * scale;
    const wb = b.w * scale;
    const x0 = (W - wa - wb - pad) / 2;
    // like an open book: both pages from the top
    const ya = pad;
    const yb = pad;
    placeBox(left, x0, ya, wa, a.h * scale);
    placeBox(right, x0 + wa + pad, yb, wb, b.h * scale);
    right.hidden = !(S.shown + 1 < n);
    setImage($('page-left'), S.pieceId, S.shown);
    setImage($('page-right'), S.pieceId, S.shown + 1);
    halfBox.hidden = true;
    S.regions.push({ page: S.shown, x: x0, y: ya, w: wa, scale, y0: 0, y1: a.h });
    if (S.shown + 1 < n) S.regions.push({ page: S.shown + 1, x: x0 + wa + pad, y: yb, w: wb, scale, y0: 0, y1: b.h });
    preload(S.pieceId, S.shown + 2);
    preload(S.pieceId, S.shown + 3);
  } else {
    ensureRightSlot(false);
    const a = pageSize(S.shown);
    const scale = Math.min((W - 2 * pad) / a.w, availH / a.h);
    const w = a.w * scale;
    const h = a.h * scale;
    const x = (W - w) / 2;
    const y = pad + (availH - h) / 2;
    placeBox(left, x, y, w, h);
    setImage($('page-left'), S.pieceId, S.shown);
    const half = S.half && S.shown + 1 < n;
    if (half) {
      const next = S.shown + 1;
      const b = pageSize(next);
      const split = splitY(S.shown); // page px of the current page where its visible bottom half starts
      const boxH = split * scale;
      const nextScale = w / b.w;
      const nextSplit = splitY(next) * nextScale; // display px where the next page's top half ends
      halfBox.hidden = false;
      halfBox.style.height = `${Math.round(boxH)}px`;
      halfBox.dataset.label = `p. ${next + 1} ↑`;
      setImage(halfImg, S.pieceId, next);
      halfImg.style.height = `${Math.round(b.h * nextScale)}px`;
      const cut = Math.max(0, b.h * nextScale - Math.min(nextSplit, boxH));
      halfImg.style.clipPath = nextSplit < boxH ? `inset(0 0 ${Math.round(cut)}px 0)` : '';
      S.regions.push({ page: next, x, y, w, scale: nextScale, y0: 0, y1: Math.min(nextSplit, boxH) / nextScale });
      S.regions.push({ page: S.shown, x, y, w, scale, y0: split, y1: a.h });
    } else {
      halfBox.hidden = true;
      S.regions.push({ page: S.shown, x, y, w, scale, y0: 0, y1: a.h });
    }
    preload(S.pieceId, S.shown + 1);
    preload(S.pieceId, S.shown + 2);
  }
}

function renderCursor() {
  const cursor = $('cursor');
  const band = $('band');
  const pos = S.position;
  cursor.dataset.pageX = pos ? String(pos.pageXPx) : '';
  cursor.dataset.system = pos ? String(pos.systemIndex) : '';
  cursor.dataset.positionPage = pos ? String(pos.pageIndex) : '';

  let visible = false;
  if (pos && S.piece && pos.pieceId === S.pieceId && [FOLLOWING, LOST, PAUSED].includes(pos.state)) {
    const sys = systemOf(pos.systemIndex);
    const region =
      sys &&
      S.regions.find((r) => r.page === pos.pageIndex && sys.pageIndex === pos.pageIndex && sys.centreYPx >= r.y0 && sys.centreYPx <= r.y1);
    if (region) {
      visible = true;
      const ss = (S.piece.pages.get(pos.pageIndex) || {}).staffSpacePx || 7;
      const cw = Math.max(8, 2.2 * ss * region.scale);
      const top = region.y + Math.max(sys.topYPx, region.y0) * region.scale;
      const bottom = region.y + Math.min(sys.bottomYPx, region.y1) * region.scale;
      const h = Math.max(8, bottom - top);
      const cx = region.x + clamp(pos.pageXPx, 0, pageSize(pos.pageIndex).w) * region.scale - cw / 2;
      // jump (no transition) when the cursor changes system, page or layout; glide along a system
      const key = `${S.pieceId}|${pos.pageIndex}|${pos.systemIndex}|${Math.round(region.x)}|${Math.round(region.y)}|${Math.round(region.scale * 1000)}`;
      const jump = key !== S.cursorKey;
      S.cursorKey = key;
      const bx = region.x + sys.leftXPx * region.scale;
      const bw = Math.max(0, (sys.rightXPx - sys.leftXPx) * region.scale);
      if (jump) {
        cursor.style.transition = 'none';
        band.style.transition = 'none';
      }
      cursor.style.width = `${cw.toFixed(1)}px`;
      cursor.style.height = `${h.toFixed(1)}px`;
      cursor.style.transform = `translate(${cx.toFixed(1)}px, ${top.toFixed(1)}px)`;
      band.style.width = `${bw.toFixed(1)}px`;
      band.style.height = `${h.toFixed(1)}px`;
      band.style.transform = `translate(${bx.toFixed(1)}px, ${top.toFixed(1)}px)`;
      if (jump) {
        void cursor.offsetWidth; // apply without transition, then restore it
        cursor.style.transition = '';
        band.style.transition = '';
      }
    }
  }
  if (!visible) S.cursorKey = '';
  renderFollowHint(pos, visible);
  cursor.classList.toggle('hidden', !visible);
  band.classList.toggle('hidden', !visible || !bandWanted(pos));
  cursor.classList.toggle('dim', !!pos && (pos.state === LOST || pos.state === PAUSED));
  cursor.dataset.visible = String(visible);
}

/** When the players are on a page not shown (browsing, or a turn held back): a button to go there. */
function renderFollowHint(pos, cursorVisible) {
  const hint = $('follow-hint');
  const show =
    !cursorVisible &&
    !!pos &&
    !!S.piece &&
    pos.pieceId === S.pieceId &&
    [FOLLOWING, LOST, PAUSED].includes(pos.state) &&
    pos.pageIndex < pageCount() &&
    !!systemOf(pos.systemIndex);
  hint.hidden = !show;
  if (show) {
    const arrow = pos.pageIndex < S.shown ? ' ◀' : pos.pageIndex > S.shown ? ' ▶' : '';
    const text = `Players on p. ${pos.pageIndex + 1}${arrow}`;
    if (hint.textContent !== text) hint.textContent = text;
    hint.dataset.page = String(pos.pageIndex);
  }
}

function goToPlayers() {
  const pos = S.position;
  if (!pos || pos.pieceId !== S.pieceId) return;
  turnTo(pos.pageIndex);
  S.holdPage = null;
  S.cursorKey = '';
  applyPositionTurns(pos);
  render();
}

function bandWanted(pos) {
  return !!pos && pos.state === FOLLOWING;
}

function render() {
  renderPages(); // decides the layout first
  renderStatus();
  renderTitle();
  renderCursor();
  renderConnection();
}

// ---------------------------------------------------------------- input

function setupInput() {
  $('btn-prev').addEventListener('click', () => browse(-1));
  $('btn-next').addEventListener('click', () => browse(+1));
  $('btn-reset').addEventListener('click', reset);
  $('btn-pause').addEventListener('click', togglePause);
  $('follow-hint').addEventListener('click', (e) => {
    e.stopPropagation();
    goToPlayers();
  });
  $('btn-theme').addEventListener('click', () => {
    const i = THEMES.findIndex((t) => document.body.classList.contains(t));
    applyTheme(THEMES[(i + 1) % THEMES.length]);
  });
  const fs = $('btn-fullscreen');
  if (document.fullscreenEnabled) {
    fs.hidden = false;
    fs.addEventListener('click', () => {
      const p = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
      if (p && typeof p.catch === 'function') p.catch(() => {});
    });
  }

  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    // page-turner pedals send arrows or PageUp/PageDown
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
      e.preventDefault();
      browse(-1);
    } else if (e.key === 'ArrowRight' || e.key === 'PageDown') {
      e.preventDefault();
      browse(+1);
    }
  });

  // Tap or click on a page: resync there. A horizontal swipe browses instead.
  const stage = $('stage');
  let down = null;
  let swiped = false;
  stage.addEventListener('pointerdown', (e) => {
    down = e.isPrimary ? { x: e.clientX, y: e.clientY, t: Date.now() } : null;
    swiped = false;
  });
  stage.addEventListener('pointerup', (e) => {
    if (!down || !e.isPrimary) return;
    const dx = e.clientX - down.x;
    const dy = e.clientY - down.y;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy) && Date.now() - down.t < 800) {
      swiped = true;
      browse(dx < 0 ? +1 : -1);
    }
    down = null;
  });
  stage.addEventListener('click', (e) => {
    if (swiped) {
      swiped = false;
      return;
    }
    if (e.target.closest('#session-form, #candidates, #follow-hint')) return;
    if (!S.sessionId) return;
    resyncAt(e.clientX, e.clientY);
  });

  // lay out again on resize, once per frame and outside the observer's callback (no resize loops)
  let resizeQueued = false;
  const onResize = () => {
    if (resizeQueued) return;
    resizeQueued = true;
    requestAnimationFrame(() => {
      resizeQueued = false;
      render();
    });
  };
  window.addEventListener('resize', onResize);
  if (typeof ResizeObserver === 'function') new ResizeObserver(onResize).observe(stage);
  window.addEventListener('online', reconnectNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      reconnectNow();
      requestWakeLock();
    }
  });
  // a page image that arrives may differ from the geometry assumed: lay out again
  stage.addEventListener('load', () => renderCursor(), true);
}

function applyTheme(theme) {
  for (const t of THEMES) document.body.classList.toggle(t, t === theme);
  storageSet('leggio.theme', theme);
  const meta = document.querySelector('meta[name="theme-color"]');
  if (meta) meta.content = theme === 'theme-light' ? '#ffffff' : '#111111';
}

let wakeLock = null;
function requestWakeLock() {
  // keep a tablet's screen on during the performance (secure contexts only)
  if (!navigator.wakeLock || wakeLock || document.visibilityState !== 'visible') return;
  navigator.wakeLock
    .request('screen')
    .then((lock) => {
      wakeLock = lock;
      lock.addEventListener('release', () => {
        wakeLock = null;
      });
    })
    .catch(() => {});
}

function setupSessionForm() {
  document.body.classList.add('no-session');
  const form = $('session-form');
  form.hidden = false;
  $('status').textContent = '';
  const input = $('session-input');
  input.focus();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = input.value.trim();
    if (!id) return;
    const q = new URLSearchParams({ session: id });
    if (S.token) q.set('token', S.token);
    window.location.href = `/?${q.toString()}`;
  });
}

function start() {
  const theme = storageGet('leggio.theme');
  applyTheme(THEMES.includes(theme) ? theme : 'theme-dark');
  setupInput();
  if (!S.sessionId) {
    setupSessionForm();
    render();
    return;
  }
  render();
  loadCatalog();
  connect();
  requestWakeLock();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
