// Live preview: the server composes the letter (the same composer as
// `ua letter`) and returns it escaped; without JavaScript the Preview button
// does the same.
(function () {
  "use strict";
  var form = document.getElementById("letter-form");
  var preview = document.getElementById("preview");
  if (!form || !preview || !window.fetch) { return; }
  var timer = null;
  function refresh() {
    var data = new URLSearchParams(new FormData(form));
    data.set("do", "preview");
    fetch("/preview", { method: "POST", body: data, headers: { "X-Fragment": "1" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { preview.innerHTML = html; } })
      .catch(function () {});
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
}());
