'use strict';
// The web player: it plays the deck of pictures the server paints with the
// display's own code, with the hold times and the 0.6 s cross-fade of the
// display, and draws the header's clock, date and offline note itself.
// Live updates come over the channel's WebSocket; without its server it
// keeps playing what it has, and sw.js keeps that over a reload.
(() => {
  const channel = document.body.dataset.channel;
  const base = '/tv/' + channel;
  const params = new URLSearchParams(location.search);
  const rotation = [0, 90, 180, 270].includes(Number(params.get('rotation'))) ? Number(params.get('rotation')) : 0;
  // The sizes the server paints (web.Sizes), before rotation.
  const SIZES = [[1280, 720], [1920, 1080], [2560, 1440], [3840, 2160], [1280, 800], [1920, 1200], [2560, 1600], [3840, 2400]];
  const FADE_MS = 600;
  const stage = document.getElementById('stage');
  const imgs = [document.getElementById('a'), document.getElementById('b')];
  const live = document.getElementById('live');
  const band = document.getElementById('ticker');
  const bandLine = document.getElementById('ticker-line');
  const message = document.getElementById('message');

  let deck = null;    // the deck playing
  let idx = 0;        // its card on screen
  let timer = 0;      // ends the card's hold
  let front = null;   // the img on top
  let shownSrc = '';
  let size = pickSize();
  // The connection as the header shows it, as the display's scene.Status.
  const conn = { known: false, online: false, reached: false, since: null };

  // pickSize returns the screen size to ask pictures for: the window in
  // device pixels, rounded up to a size the server paints in the nearest
  // aspect ratio (?size=WxH overrides). It is the size before rotation,
  // as the display's: the server turns the picture.
  function pickSize() {
    const fixed = /^(\d+)x(\d+)$/.exec(params.get('size') || '');
    if (fixed) return [Number(fixed[1]), Number(fixed[2])];
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(innerWidth * dpr), h = Math.round(innerHeight * dpr);
    const long = Math.max(w, h), short = Math.min(w, h);
    const diff = s => Math.abs(s[0] / s[1] - long / short);
    const best = Math.min(...SIZES.map(diff));
    const family = SIZES.filter(s => diff(s) === best);
    const pick = family.find(s => s[0] >= long && s[1] >= short) || family[family.length - 1];
    return h > w ? [pick[1], pick[0]] : pick;
  }

  function query() { return 'size=' + size[0] + 'x' + size[1] + '&rotation=' + rotation; }

  // layout scales the stage, one picture in its own pixels, to fit the
  // window, turned by the rotation.
  function layout() {
    if (!deck) return;
    const [pw, ph] = deck.picture.split('x').map(Number);
    stage.style.width = pw + 'px';
    stage.style.height = ph + 'px';
    const turned = rotation === 90 || rotation === 270;
    const s = Math.min(innerWidth / (turned ? ph : pw), innerHeight / (turned ? pw : ph));
    stage.style.transform = 'translate(' + innerWidth / 2 + 'px,' + innerHeight / 2 + 'px) rotate(' + rotation +
      'deg) scale(' + s + ') translate(' + -pw / 2 + 'px,' + -ph / 2 + 'px)';
    document.body.style.background = deck.background;
    live.width = pw;
    live.height = Math.ceil(deck.header.height);
    live.style.height = deck.header.height + 'px';
    setTicker(deck.ticker, pw, ph);
    drawLive();
  }

  // The ticker band, moved as the display's scene.Ticker moves it: items
  // enter at start one after the other, whole pixels at a time, speed
  // pixels a second. A new list keeps what is on the band and follows it
  // with its first item; the same list goes on where it is.
  const tk = { items: [], key: '', next: 0, placed: [], start: 0, speed: 0, width: 0, last: 0, carry: 0, raf: 0 };
  function setTicker(t, pw, ph) {
    if (!t) {
      band.hidden = true;
      tk.placed.forEach(p => p.el.remove());
      Object.assign(tk, { items: [], key: '', next: 0, placed: [] });
      return;
    }
    band.hidden = false;
    Object.assign(band.style, { top: (ph - t.height) + 'px', width: pw + 'px', height: t.height + 'px', background: t.background });
    Object.assign(bandLine.style, { height: t.line + 'px', background: t.line_color });
    const key = t.items.map(i => i.key + ':' + i.w).join('|');
    if (pw !== tk.width) { // another size: the band starts afresh
      tk.placed.forEach(p => p.el.remove());
      tk.placed = [];
      tk.key = '';
    }
    if (key !== tk.key) tk.next = 0;
    Object.assign(tk, { items: t.items, key, start: t.start, speed: t.speed, width: pw });
    fillTicker();
    placeTicker();
    if (!tk.raf) tk.raf = requestAnimationFrame(moveTicker);
  }
  function fillTicker() {
    while (tk.items.length) {
      const n = tk.placed.length;
      const x = n ? tk.placed[n - 1].x + tk.placed[n - 1].w : tk.start;
      if (x >= tk.width) return;
      const it = tk.items[tk.next];
      const el = document.createElement('img');
      el.alt = '';
      el.src = it.src;
      el.style.width = it.w + 'px';
      el.style.height = '100%';
      band.appendChild(el);
      tk.placed.push({ el, x, w: it.w });
      tk.next = (tk.next + 1) % tk.items.length;
    }
  }
  function placeTicker() {
    for (const p of tk.placed) p.el.style.transform = 'translateX(' + p.x + 'px)';
  }
  function moveTicker(t) {
    tk.raf = 0;
    if (!tk.items.length) { tk.last = 0; return; }
    // At most a quarter of a second at once: a hidden tab does not race on.
    if (tk.last) tk.carry += Math.min(t - tk.last, 250) / 1000 * tk.speed;
    tk.last = t;
    const step = Math.floor(tk.carry);
    if (step > 0) {
      tk.carry -= step;
      for (const p of tk.placed) p.x -= step;
      while (tk.placed.length && tk.placed[0].x + tk.placed[0].w <= 0) tk.placed.shift().el.remove();
      fillTicker();
      placeTicker();
    }
    tk.raf = requestAnimationFrame(moveTicker);
  }

  // show cross-fades to the picture at src: the new one fades in over the
  // old one, which goes once it is covered.
  async function show(src) {
    if (src === shownSrc) return;
    const next = front === imgs[0] ? imgs[1] : imgs[0];
    next.style.transition = 'none';
    next.classList.remove('shown');
    next.style.zIndex = 2;
    if (front) front.style.zIndex = 1;
    next.src = src;
    await next.decode();
    void next.offsetWidth; // start the transition from opacity 0
    next.style.transition = '';
    next.classList.add('shown');
    const old = front;
    front = next;
    shownSrc = src;
    document.body.dataset.shown = src;
    setTimeout(() => {
      if (old && old !== front) { old.style.transition = 'none'; old.classList.remove('shown'); }
      if (front === next) document.body.dataset.settled = src; // the fade is over: for tests
    }, FADE_MS + 100);
  }

  function play() {
    clearTimeout(timer);
    const c = deck.cards[idx];
    mark(c);
    show(c.src).catch(() => refresh());
    heartbeat(); // the fleet view shows the slide on screen
    if (deck.cards.length > 1) timer = setTimeout(advance, c.seconds * 1000);
  }

  // mark says which card is due, for tests: its picture is on screen once
  // data-settled is data-src.
  function mark(c) {
    document.body.dataset.card = c.id;
    document.body.dataset.src = c.src;
  }

  function advance() {
    idx = (idx + 1) % deck.cards.length;
    play();
  }

  // setDeck plays d as the display's Deck.SetSnapshot does: a comment the
  // previous deck did not have shows at once (the newest of them); else the
  // card on screen stays, with its time, or what took its place starts.
  function setDeck(d) {
    const prev = deck;
    const before = prev ? prev.cards[idx] : null;
    deck = d;
    document.body.dataset.revision = d.revision;
    layout();
    let jump = -1;
    if (prev) {
      const old = new Set(prev.cards.filter(c => c.comment).map(c => c.comment));
      d.cards.forEach((c, i) => {
        if (c.comment && !old.has(c.comment) && (jump < 0 || c.created_at > d.cards[jump].created_at)) jump = i;
      });
    }
    const same = before ? d.cards.findIndex(c => c.id === before.id) : -1;
    if (jump >= 0) { idx = jump; play(); }
    else if (same >= 0) { idx = same; mark(d.cards[idx]); show(d.cards[idx].src).catch(() => {}); }
    else { idx = Math.min(idx, d.cards.length - 1); play(); }
    keep(d);
  }

  // keep fetches every picture of d once, one at a time, so that the
  // service worker holds them all for a reload without the server, and
  // drops the pictures of older decks from its cache.
  async function keep(d) {
    const srcs = d.cards.map(c => c.src).concat(d.ticker ? d.ticker.items.map(i => i.src) : []);
    for (const src of srcs) {
      if (deck !== d) return;
      try { await fetch(src); } catch (e) { return; }
    }
    if (!window.caches) return;
    const want = new Set(srcs.map(src => new URL(src, location.href).href));
    const cache = await caches.open('cxtv-tv');
    for (const req of await cache.keys()) {
      if ((req.url.includes(base + '/slide/') || req.url.includes(base + '/ticker/')) && !want.has(req.url)) cache.delete(req);
    }
  }

  let refreshing = null;
  // refresh fetches the deck at the current size; through the service
  // worker, the last one it kept when the server cannot be reached.
  function refresh() {
    if (refreshing) return refreshing;
    refreshing = (async () => {
      try {
        const resp = await fetch(base + '/deck?' + query(), { cache: 'no-store' });
        if (resp.status === 401) {
          say('This screen needs its display token: open ' + base + '?token=DISPLAY_TOKEN once.');
          return;
        }
        if (!resp.ok) { if (!deck) say('Waiting for the server (' + resp.status + ')…'); return; }
        const d = await resp.json();
        message.hidden = true;
        if (!deck || d.revision !== deck.revision) localStorage.setItem('cxtv-asof-' + channel, new Date().toISOString());
        // The same revision brings new pictures as the ages they print move on.
        if (!deck || JSON.stringify(d.cards) !== JSON.stringify(deck.cards) || d.picture !== deck.picture) setDeck(d);
      } catch (e) {
        if (!deck) say('The server cannot be reached, and nothing is kept yet.');
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  function say(text) { message.textContent = text; message.hidden = false; }

  // The header's live parts, as scene.Layout.Header sets them.
  const DE_DAYS = ['So.', 'Mo.', 'Di.', 'Mi.', 'Do.', 'Fr.', 'Sa.'];
  const DE_MONTHS = ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sep.', 'Okt.', 'Nov.', 'Dez.'];
  const EN_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = n => String(n).padStart(2, '0');
  const en = () => deck.language === 'en';
  function clock(t) {
    if (!en()) return two(t.getHours()) + ':' + two(t.getMinutes());
    return ((t.getHours() + 11) % 12 + 1) + ':' + two(t.getMinutes()) + (t.getHours() < 12 ? ' am' : ' pm');
  }
  function date(t) {
    if (en()) return EN_DAYS[t.getDay()] + ' ' + t.getDate() + ' ' + EN_MONTHS[t.getMonth()];
    return DE_DAYS[t.getDay()] + ', ' + t.getDate() + '. ' + DE_MONTHS[t.getMonth()];
  }
  function moment(t, now) {
    if (t.toDateString() === now.toDateString()) return clock(t);
    if (en()) return t.getDate() + ' ' + EN_MONTHS[t.getMonth()] + ' ' + clock(t);
    return t.getDate() + '. ' + DE_MONTHS[t.getMonth()] + ' ' + clock(t);
  }
  function note(now) {
    if (!conn.known || conn.online) return '';
    const w = deck.words;
    if (conn.reached) return w.offline_since + moment(conn.since, now);
    let asOf = new Date(localStorage.getItem('cxtv-asof-' + channel) || 0);
    const floor = new Date(deck.generated_at);
    if (asOf < floor) asOf = floor;
    return w.offline_as_of + moment(asOf, now);
  }

  function drawLive() {
    if (!deck) return;
    const h = deck.header;
    const ctx = live.getContext('2d');
    ctx.clearRect(0, 0, live.width, live.height);
    const now = new Date();
    const n = note(now);
    // On a narrow screen the date gives way before the title is cut.
    let [parts, x, dot] = right(ctx, now, n, true);
    if (x - h.title_gap < h.title_end) [parts, x, dot] = right(ctx, now, n, false);
    document.body.dataset.note = n;
    if (!parts.length) return;
    if (x - h.title_gap < h.title_end) {
      // A title too long even without the date: cover its end (the
      // display would have cut it with an ellipsis).
      ctx.fillStyle = h.background;
      ctx.fillRect(Math.floor(x - h.title_gap), 0, live.width, live.height);
    }
    for (const [s, f, color, px, py] of parts) {
      ctx.font = f.size + 'px "' + f.font + '"';
      ctx.fillStyle = color;
      ctx.fillText(s, px, py);
    }
    if (dot !== null) {
      ctx.fillStyle = h.offline;
      ctx.beginPath();
      ctx.arc(dot + h.dot / 2, h.height / 2, h.dot / 2, 0, 2 * Math.PI);
      ctx.fill();
    }
  }

  // right lays out clock, date and note from the right edge leftwards, as
  // scene's headerRight, and returns them with the left edge they reach
  // and where the note's dot goes (null: no note).
  function right(ctx, now, n, withDate) {
    const h = deck.header;
    // A clock before the snapshot was made is wrong: show none.
    const known = now >= new Date(deck.generated_at);
    let x = h.right;
    const parts = [];
    if (known) {
      const c = clock(now);
      ctx.font = h.clock.size + 'px "' + h.clock.font + '"';
      x -= ctx.measureText(c).width;
      parts.push([c, h.clock, h.text, x, h.baseline]);
      if (withDate) {
        const d = date(now) + '  ·  ';
        ctx.font = h.date.size + 'px "' + h.date.font + '"';
        x -= ctx.measureText(d).width;
        parts.push([d, h.date, h.muted, x, h.baseline]);
      }
    } else {
      x += h.note_gap;
    }
    let dot = null;
    if (n) {
      ctx.font = h.note.size + 'px "' + h.note.font + '"';
      x -= h.note_gap + ctx.measureText(n).width;
      parts.push([n, h.note, h.offline, x, h.note_baseline]);
      dot = x - h.dot - h.dot_gap;
      x = dot;
    }
    return [parts, x, dot];
  }

  function tickClock() {
    drawLive();
    setTimeout(tickClock, 60000 - Date.now() % 60000 + 20);
  }

  // The WebSocket: the server sends the snapshot first and then one for
  // every change; the player only needs to know that the revision moved.
  // Reconnects back off from 1 to 30 s, with jitter, as the display does.
  let backoff = 1000;
  let ws = null;
  const device = params.get('name') || localStorage.getItem('cxtv-device') || ('browser-' + Math.random().toString(16).slice(2, 8));
  localStorage.setItem('cxtv-device', device);
  const started = new Date().toISOString();
  function connect() {
    ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/channels/' + channel + '/ws');
    ws.onopen = () => {
      backoff = 1000;
      Object.assign(conn, { known: true, online: true, reached: true });
      drawLive();
      heartbeat();
    };
    ws.onmessage = ev => {
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (m.type === 'snapshot' && m.snapshot && (!deck || m.snapshot.revision !== deck.revision)) refresh();
    };
    ws.onclose = () => {
      if (conn.online || !conn.known) conn.since = new Date();
      Object.assign(conn, { known: true, online: false });
      drawLive();
      setTimeout(connect, backoff * (0.5 + Math.random()));
      backoff = Math.min(backoff * 2, 30000);
    };
  }
  function heartbeat() {
    if (!ws || ws.readyState !== WebSocket.OPEN || !deck) return;
    ws.send(JSON.stringify({
      v: 1, type: 'heartbeat', heartbeat: {
        device, version: 'web', slide: deck.cards[idx].slide, revision: deck.revision,
        cached_at: localStorage.getItem('cxtv-asof-' + channel), online: true, started_at: started,
      },
    }));
  }
  setInterval(heartbeat, 30000);
  setInterval(refresh, 60000); // ages move on; and a server gone quiet shows

  addEventListener('resize', () => {
    const s = pickSize();
    if (s[0] !== size[0] || s[1] !== size[1]) { size = s; refresh(); }
    layout();
  });

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(base + '/sw.js', { scope: base }).catch(() => {});
  }
  const fonts = ['Inter-Regular', 'Inter-SemiBold'].map(f => document.fonts.load('32px "' + f + '"'));
  Promise.allSettled(fonts).then(() => { refresh(); connect(); tickClock(); });
})();
