// Progressive enhancement only: the form works without this file. It shows the fields of the kind
// chosen, and offers "use my location" (navigator.geolocation) to fill the place's coordinates.
(function () {
  "use strict";
  var form = document.querySelector("form[action='/gop-y']");
  if (!form) { return; }
  function showKind() {
    var chosen = form.querySelector("input[name=kind]:checked");
    var kind = chosen ? chosen.value : "citizen_feedback";
    form.querySelectorAll("fieldset[data-kind]").forEach(function (set) {
      set.classList.toggle("hidden-by-kind", set.getAttribute("data-kind") !== kind);
    });
  }
  form.querySelectorAll("input[name=kind]").forEach(function (radio) {
    radio.addEventListener("change", showKind);
  });
  showKind();
  var locate = document.getElementById("locate");
  if (!locate || !navigator.geolocation) { return; }
  var status = document.getElementById("locate-status");
  locate.hidden = false;
  locate.addEventListener("click", function () {
    status.textContent = locate.getAttribute("data-wait");
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("lat").value = position.coords.latitude.toFixed(6);
      document.getElementById("long").value = position.coords.longitude.toFixed(6);
      status.textContent = "";
    }, function () {
      status.textContent = locate.getAttribute("data-failed");
    }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
  });
}());
