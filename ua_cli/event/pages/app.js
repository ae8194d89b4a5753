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

// Switching language keeps what was typed: the fields are kept in this tab's
// session storage (never sent anywhere) while the page reloads in the other
// language, filled in again, then forgotten.
(function () {
  "use strict";
  var form = document.getElementById("letter-form");
  if (!form || !window.sessionStorage) { return; }
  var KEY = "ua-letter-form";
  var fields = ["name", "city", "country", "address", "email", "personal"];
  var saved = sessionStorage.getItem(KEY);
  if (saved) {
    sessionStorage.removeItem(KEY);
    try {
      var values = JSON.parse(saved);
      fields.forEach(function (name) {
        if (form.elements[name] && !form.elements[name].value && values[name]) {
          form.elements[name].value = values[name];
        }
      });
      (values.targets || []).forEach(function (key) {
        var box = form.querySelector("input[name=target][value='" + CSS.escape(key) + "']");
        if (box) { box.checked = true; }
      });
      form.dispatchEvent(new Event("input"));
    } catch (error) { /* a value from elsewhere: ignored */ }
  }
  document.querySelectorAll("nav.languages a").forEach(function (link) {
    link.addEventListener("click", function () {
      var values = { targets: [] };
      fields.forEach(function (name) {
        if (form.elements[name]) { values[name] = form.elements[name].value; }
      });
      form.querySelectorAll("input[name=target]:checked").forEach(function (box) {
        values.targets.push(box.value);
      });
      sessionStorage.setItem(KEY, JSON.stringify(values));
    });
  });
}());
