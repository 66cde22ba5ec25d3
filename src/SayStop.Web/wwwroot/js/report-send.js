// The report form's send step works without this script (the server then accepts the send a few seconds after
// the page appeared). With it, the browser does a small proof of work as soon as the review page is shown: it
// finds a counter such that SHA-256(challenge ":" counter) starts with the number of zero bits the server asks
// for (SendChallenges on the server), so that a send is accepted at once and floods cost their sender.
(function () {
  'use strict';
  var challenge = document.querySelector('input[name="Challenge"][data-send-difficulty]');
  var proof = document.querySelector('input[name="Proof"]');
  if (!challenge || !proof || !window.crypto || !window.crypto.subtle || !window.TextEncoder) {
    return;
  }

  var form = challenge.form;
  var difficulty = parseInt(challenge.getAttribute('data-send-difficulty'), 10) || 0;
  var encoder = new TextEncoder();
  var prefix = challenge.value + ':';
  var waiting = null;
  var solved = false;

  function zeroBits(bytes) {
    var bits = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { bits += 8; continue; }
      return bits + Math.clz32(bytes[i]) - 24;
    }
    return bits;
  }

  // Batches of digests in parallel: one at a time spends most of its time between promises.
  function search(start) {
    var batch = [];
    for (var n = start; n < start + 64; n++) {
      batch.push(crypto.subtle.digest('SHA-256', encoder.encode(prefix + n)));
    }
    return Promise.all(batch).then(function (hashes) {
      for (var i = 0; i < hashes.length; i++) {
        if (zeroBits(new Uint8Array(hashes[i])) >= difficulty) {
          return String(start + i);
        }
      }
      return search(start + 64);
    });
  }

  search(0).then(function (counter) {
    proof.value = counter;
    solved = true;
    if (waiting) {
      var submitter = waiting;
      waiting = null;
      form.requestSubmit(submitter);
    }
  }, function () { /* the server's wait still lets the reporter send */ });

  form.addEventListener('submit', function (e) {
    if (solved || !e.submitter || e.submitter.value !== 'send') {
      return;
    }
    // A moment more: the proof is nearly there; send as soon as it is.
    e.preventDefault();
    waiting = e.submitter;
    e.submitter.setAttribute('aria-busy', 'true');
  });
})();
