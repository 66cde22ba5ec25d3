// Go4Tips progressive enhancement: keyboard shortcuts and answers without a full page reload.
// Everything works without this file; it only drives the same forms and links the page already has.
(function () {
  'use strict';
  var root = document.querySelector('.go4tips');
  if (!root) { return; }

  function bindKeys() {
    var hint = document.querySelector('.keyboard-hint');
    if (hint) { hint.hidden = false; }
  }

  // Swaps the page's main content for the one in a fetched page, keeping the same URL history a plain visit would.
  function swap(html, url) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var next = doc.querySelector('.go4tips');
    var current = document.querySelector('.go4tips');
    if (!next || !current) { window.location.href = url; return; }
    current.replaceWith(next);
    document.title = doc.title;
    if (url && url !== window.location.href) { window.history.pushState({}, '', url); }
    var focus = next.querySelector('#feedback, #study-problem, #quiz-problem, .prompt, h1');
    if (focus) { focus.setAttribute('tabindex', '-1'); focus.focus(); }
    bindKeys();
  }

  function submitViaFetch(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var method = (form.getAttribute('method') || 'get').toUpperCase();
    var action = form.getAttribute('action') || window.location.href;
    var request;
    if (method === 'GET') {
      var url = new URL(action, window.location.href);
      data.forEach(function (v, k) { url.searchParams.set(k, v); });
      request = fetch(url.toString(), { credentials: 'same-origin' });
    } else {
      request = fetch(action, { method: 'POST', body: new URLSearchParams(data), credentials: 'same-origin' });
    }
    return request.then(function (r) {
      return r.text().then(function (t) { swap(t, r.url); });
    }).catch(function () { form.submit(); });
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.closest || !form.closest('.go4tips')) { return; }
    if (!form.checkValidity()) { return; }
    e.preventDefault();
    submitViaFetch(form, e.submitter);
  });

  document.addEventListener('click', function (e) {
    var link = e.target.closest ? e.target.closest('a#next-card') : null;
    if (!link) { return; }
    e.preventDefault();
    fetch(link.href, { credentials: 'same-origin' })
      .then(function (r) { return r.text().then(function (t) { swap(t, r.url); }); })
      .catch(function () { window.location.href = link.href; });
  });

  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var tag = e.target && e.target.tagName;
    if (tag === 'INPUT' && e.target.type !== 'radio') { return; }
    if (tag === 'TEXTAREA' || tag === 'SELECT') { return; }
    var key = e.key === ' ' ? 'space' : e.key;
    if (key === 'space') {
      var go = document.querySelector('.go4tips [data-key="space"]');
      if (go) { e.preventDefault(); go.click(); }
      return;
    }
    if (!/^[1-9]$/.test(key)) { return; }
    var target = document.querySelector('.go4tips [data-key="' + key + '"]');
    if (!target) { return; }
    e.preventDefault();
    if (target.type === 'radio') { target.checked = true; target.focus(); } else { target.click(); }
  });

  window.addEventListener('popstate', function () { window.location.reload(); });
  bindKeys();
})();
