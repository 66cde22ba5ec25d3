// The report form works without this script. With it, the "use my location" button fills the coordinates
// field from the phone's position, on the reporter's own request only; nothing is sent until they post the form.
(function () {
  'use strict';
  if (!navigator.geolocation) {
    return;
  }

  document.querySelectorAll('[data-locate]').forEach(function (button) {
    var field = button.parentElement.querySelector('input');
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        field.value = position.coords.latitude.toFixed(5) + ', ' + position.coords.longitude.toFixed(5);
        field.focus();
      }, function () {
        field.focus();
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  });
})();
