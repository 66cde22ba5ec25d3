// Go4Tips offline app: registers the service worker (it keeps this page, its assets and the decks), lets the learner
// review due and new cards without a network, keeps each answer in IndexedDB with an id made here, and sends the queue
// to /{culture}/go4tips/sync when online (an antiforgery token fetched just before). The server replays the answers
// in time order and counts each id once, so sending twice never doubles an answer.
(function () {
  'use strict';
  var app = document.getElementById('offline-app');
  if (!app) { return; }
  var T = JSON.parse(app.getAttribute('data-texts') || '{}');
  var scope = app.getAttribute('data-scope');
  var syncUrl = app.getAttribute('data-sync');
  var statusEl = document.getElementById('offline-status');
  var pendingText = document.getElementById('pending-text');
  var syncResult = document.getElementById('offline-sync-result');
  var study = document.getElementById('offline-study');
  var cardEl = document.getElementById('offline-card');
  var decksEl = document.getElementById('offline-decks');
  document.getElementById('offline-needs-js').hidden = true;

  function fmt(text, value) { return String(text || '').replace('{0}', value); }
  function say(text) { statusEl.textContent = text; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  if (!('serviceWorker' in navigator) || !window.indexedDB || !window.fetch || !window.Promise) {
    say(T['Offline.Unsupported']);
    return;
  }

  // --- The queue: IndexedDB, one record per answer, keyed by its id ---------------------------------------------
  var dbPromise = new Promise(function (resolve, reject) {
    var open = indexedDB.open('go4tips-offline', 1);
    open.onupgradeneeded = function () { open.result.createObjectStore('answers', { keyPath: 'id' }); };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
  function store(mode) {
    return dbPromise.then(function (db) { return db.transaction('answers', mode).objectStore('answers'); });
  }
  function request(r) {
    return new Promise(function (resolve, reject) { r.onsuccess = function () { resolve(r.result); }; r.onerror = function () { reject(r.error); }; });
  }
  function allAnswers() { return store('readonly').then(function (s) { return request(s.getAll()); }); }
  function addAnswer(a) { return store('readwrite').then(function (s) { return request(s.put(a)); }); }
  function removeAnswers(ids) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction('answers', 'readwrite');
        ids.forEach(function (id) { tx.objectStore('answers').delete(id); });
        tx.oncomplete = function () { resolve(); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function showPending() {
    return allAnswers().then(function (list) {
      pendingText.textContent = fmt(T['Offline.Pending'], list.length);
      app.setAttribute('data-pending', String(list.length));
      return list;
    });
  }

  // --- Sending ------------------------------------------------------------------------------------------------------
  var syncing = null;
  function sync() {
    if (syncing) { return syncing; }
    syncing = allAnswers().then(function (list) {
      if (list.length === 0 || !navigator.onLine) { return null; }
      list.sort(function (a, b) { return a.at - b.at; });
      var batch = list.slice(0, 200);
      return fetch(syncUrl, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { if (!r.ok) { throw new Error('token ' + r.status); } return r.json(); })
        .then(function (t) {
          var headers = { 'Content-Type': 'application/json' };
          headers[t.header] = t.token;
          var body = JSON.stringify({ answers: batch.map(function (a) { return { id: a.id, card: a.card, grade: a.grade, choice: a.choice, at: a.at }; }) });
          return fetch(syncUrl, { method: 'POST', credentials: 'same-origin', headers: headers, body: body, cache: 'no-store' });
        })
        .then(function (r) { if (!r.ok) { throw new Error('sync ' + r.status); } return r.json(); })
        .then(function (result) {
          // Every answer the server settled leaves the queue: counted now, counted before, or refused for good. A 409
          // (it lost races with other writes on that card) stays queued and goes again with the next sync.
          var settled = result.results.filter(function (x) { return x.status !== 409; })
            .map(function (x) { return batch[x.index] && batch[x.index].id; }).filter(Boolean);
          return removeAnswers(settled).then(function () {
            syncResult.textContent = fmt(T['Offline.Synced'], result.recorded + result.alreadyCounted)
              + (result.refused > 0 ? ' ' + fmt(T['Offline.Refused'], result.refused) : '');
            return list.length > batch.length ? 'more' : null;
          });
        });
    }).catch(function () {
      syncResult.textContent = T['Offline.SyncFailed'];
      return null;
    }).then(function (more) {
      syncing = null;
      return showPending().then(function () { return more === 'more' ? sync() : null; });
    });
    return syncing;
  }

  // --- Reviewing ------------------------------------------------------------------------------------------------------
  var session = null;

  function loadDeck(key) {
    var item = document.getElementById('offline-deck-' + key);
    var url = item && item.getAttribute('data-deck-url');
    if (!url) { return Promise.reject(new Error('no deck')); }
    // Online: fresh from the server (the service worker keeps the copy); offline: the service worker's copy.
    return fetch(url, { credentials: 'same-origin' }).then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  }

  function startDeck(key) {
    Promise.all([loadDeck(key), allAnswers()]).then(function (both) {
      var deck = both[0], queued = both[1];
      var answered = {};
      var newAnsweredToday = 0;
      queued.forEach(function (a) { answered[a.card] = true; });
      var now = Date.now();
      var due = [], fresh = [];
      deck.cards.forEach(function (c) {
        if (c.due === null && answered[c.id]) { newAnsweredToday++; }
        if (answered[c.id]) { return; }
        if (c.due !== null && c.due <= now) { due.push(c); } else if (c.due === null) { fresh.push(c); }
      });
      due.sort(function (a, b) { return a.due - b.due; });
      var newLeft = Math.max(0, deck.newLeftToday - newAnsweredToday);
      session = { deck: deck, cards: due.concat(fresh.slice(0, newLeft)), position: 0 };
      decksEl.hidden = true;
      study.hidden = false;
      document.getElementById('offline-study-title').textContent = deck.deck.title;
      showCard();
    }).catch(function () {
      say(T['Offline.DeckUnavailable']);
    });
  }

  function showCard() {
    cardEl.textContent = '';
    var left = session.cards.length - session.position;
    document.getElementById('offline-queue').textContent = fmt(T['Offline.Progress'], left);
    var card = session.cards[session.position];
    if (!card) {
      var done = el('div', { 'class': 'notice ok', role: 'status', id: 'offline-done' });
      done.appendChild(el('p', null, T['Offline.Done']));
      cardEl.appendChild(done);
      return;
    }
    var article = el('article', { 'class': 'flashcard', id: 'card', 'data-card': card.id, 'data-card-kind': card.kind });
    article.appendChild(el('p', { 'class': 'card-kind' }, T['Kind.' + card.kind]));
    if (card.kind === 'QuestionAnswer') {
      article.appendChild(el('h3', { 'class': 'prompt', tabindex: '-1' }, card.prompt));
      var show = el('button', { type: 'button', 'class': 'button', id: 'show-answer' }, T['Study.ShowAnswer']);
      show.addEventListener('click', function () {
        show.remove();
        var answer = el('div', { 'class': 'answer', id: 'answer' });
        answer.appendChild(el('h4', null, T['Study.AnswerHeading']));
        answer.appendChild(el('p', null, card.answer));
        article.appendChild(answer);
        appendWhy(article, card);
        var fieldset = el('fieldset');
        fieldset.appendChild(el('legend', null, T['Study.HowWell']));
        var grades = el('div', { 'class': 'grades' });
        ['Again', 'Hard', 'Good', 'Easy'].forEach(function (name, i) {
          var b = el('button', { type: 'button', 'class': 'button grade grade-' + (i + 1) }, T['Grade.' + name]);
          b.addEventListener('click', function () { answer_(card, { grade: i + 1 }); });
          grades.appendChild(b);
        });
        fieldset.appendChild(grades);
        article.appendChild(fieldset);
        fieldset.querySelector('button').focus();
      });
      article.appendChild(show);
    } else {
      var form = el('form', { 'class': 'choice-form' });
      var fs = el('fieldset');
      fs.appendChild(el('legend', { 'class': 'prompt' }, card.prompt));
      card.choices.forEach(function (ch) {
        var row = el('div', { 'class': 'check choice' });
        var input = el('input', { type: 'radio', name: 'choice', id: 'choice-' + ch.position, value: String(ch.position), required: 'required' });
        row.appendChild(input);
        row.appendChild(el('label', { 'for': 'choice-' + ch.position }, ch.text));
        fs.appendChild(row);
      });
      form.appendChild(fs);
      form.appendChild(el('button', { type: 'submit', 'class': 'button', id: 'check-answer' }, T['Study.Check']));
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        var picked = form.querySelector('input[name=choice]:checked');
        if (!picked) { return; }
        answer_(card, { choice: parseInt(picked.value, 10) });
      });
      article.appendChild(form);
    }
    cardEl.appendChild(article);
  }

  function appendWhy(article, card) {
    var why = el('div', { 'class': 'explanation' });
    why.appendChild(el('h4', null, T['Study.Why']));
    why.appendChild(el('p', null, card.explanation));
    article.appendChild(why);
  }

  function answer_(card, given) {
    var entry = { id: uuid(), card: card.id, deck: session.deck.deck.key, grade: given.grade || null, choice: given.choice || null, at: Date.now() };
    addAnswer(entry).then(function () {
      showPending();
      var article = document.getElementById('card');
      article.querySelectorAll('form, fieldset, #show-answer').forEach(function (n) { n.remove(); });
      if (given.choice) {
        var picked = card.choices.filter(function (c) { return c.position === given.choice; })[0];
        var right = picked && picked.correct;
        var verdict = el('div', { 'class': 'verdict ' + (right ? 'right' : 'wrong'), role: 'status', id: 'feedback', tabindex: '-1' });
        verdict.appendChild(el('p', null, right ? T['Study.Right'] : T['Study.Wrong']));
        if (picked && picked.feedback) { verdict.appendChild(el('p', { 'class': 'choice-feedback' }, picked.feedback)); }
        article.appendChild(verdict);
        var list = el('ul', { 'class': 'choices-review' });
        card.choices.forEach(function (c) {
          var li = el('li', c.correct ? { 'class': 'correct' } : null, c.text);
          if (c.correct) { li.appendChild(el('span', { 'class': 'badge' }, ' ' + T['Study.CorrectChoice'])); }
          list.appendChild(li);
        });
        article.appendChild(list);
        appendWhy(article, card);
      } else {
        article.appendChild(el('p', { role: 'status', id: 'feedback', tabindex: '-1' }, T['Grade.' + ['Again', 'Hard', 'Good', 'Easy'][given.grade - 1]]));
      }
      var next = el('button', { type: 'button', 'class': 'button', id: 'next-card' }, T['Study.Next']);
      next.addEventListener('click', function () { session.position++; showCard(); var p = cardEl.querySelector('.prompt, #offline-done'); if (p) { p.setAttribute('tabindex', '-1'); p.focus(); } });
      article.appendChild(next);
      document.getElementById('feedback').focus();
      if (navigator.onLine) { sync(); }
    });
  }

  decksEl.querySelectorAll('[data-offline-deck]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { startDeck(b.getAttribute('data-offline-deck')); });
  });
  document.getElementById('offline-back').addEventListener('click', function () {
    study.hidden = true;
    decksEl.hidden = false;
    session = null;
  });
  document.getElementById('offline-controls').hidden = false;
  document.getElementById('sync-now').addEventListener('click', function () { sync(); });

  // --- Installing ------------------------------------------------------------------------------------------------------
  var installPrompt = null;
  var installButton = document.getElementById('install-app');
  window.addEventListener('beforeinstallprompt', function (e) {
    e.preventDefault();
    installPrompt = e;
    installButton.hidden = false;
  });
  installButton.addEventListener('click', function () {
    if (!installPrompt) { return; }
    installPrompt.prompt();
    installPrompt = null;
    installButton.hidden = true;
  });

  function onlineState() {
    if (!navigator.onLine) { say(T['Offline.OfflineNow']); } else if (app.getAttribute('data-ready') === 'true') { say(T['Offline.Ready']); }
  }
  window.addEventListener('online', function () { onlineState(); sync(); });
  window.addEventListener('offline', onlineState);

  say(T['Offline.Preparing']);
  navigator.serviceWorker.register(app.getAttribute('data-worker'), { scope: scope }).catch(function () { say(T['Offline.Unsupported']); });
  navigator.serviceWorker.ready.then(function () {
    app.setAttribute('data-ready', 'true');
    onlineState();
  });
  showPending().then(function () { sync(); });
})();
