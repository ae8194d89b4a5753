// The room's screen: the counts, fetched every few seconds and written in place
// (no reload, so the projector never flashes).
"use strict";
(function () {
  function refresh() {
    fetch("/tonight.json", { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (counts) {
        if (!counts) { return; }
        ["letters", "writers", "officials"].forEach(function (name) {
          var element = document.getElementById(name);
          if (element && element.textContent !== String(counts[name])) {
            element.textContent = counts[name];
          }
        });
      })
      .catch(function () { /* the server stopped: keep the last counts */ });
  }
  setInterval(refresh, 5000);
})();
