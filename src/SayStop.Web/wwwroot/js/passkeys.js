// Passkey ceremonies for the staff forms marked data-passkey="create" or data-passkey="get".
// The server renders the WebAuthn options (JSON) into data-passkey-options and verifies everything; this
// script only asks the browser's authenticator and puts its answer in the form's CredentialJson field.
// Without this script, or in a browser without WebAuthn JSON support, the form stays a plain form and the
// server answers with a clear message; the authenticator-app code keeps working as the second factor.
(function () {
  'use strict';
  var pkc = window.PublicKeyCredential;
  if (!pkc || !pkc.parseCreationOptionsFromJSON || !pkc.parseRequestOptionsFromJSON) {
    return;
  }

  document.querySelectorAll('form[data-passkey]').forEach(function (form) {
    var unsupported = form.querySelector('[data-passkey-unsupported]');
    if (unsupported) {
      unsupported.hidden = true;
    }

    form.addEventListener('submit', function (event) {
      if (form.dataset.passkeyDone === '1') {
        return;
      }

      event.preventDefault();
      var options = JSON.parse(form.dataset.passkeyOptions);
      var ceremony = form.dataset.passkey === 'create'
        ? navigator.credentials.create({ publicKey: pkc.parseCreationOptionsFromJSON(options) })
        : navigator.credentials.get({ publicKey: pkc.parseRequestOptionsFromJSON(options) });
      ceremony
        .then(function (credential) {
          form.elements.CredentialJson.value = JSON.stringify(credential);
        })
        .catch(function () {
          // Cancelled or refused by the authenticator: the server says so in the visitor's language.
          form.elements.CredentialJson.value = '';
        })
        .then(function () {
          form.dataset.passkeyDone = '1';
          form.submit();
        });
    });
  });
})();
