// Light polling: every 2 s ask whether this page would look different, and reload it only then, and never
// while the person is typing or has picked something not yet sent. The pages work without this script.
(function () {
  var body = document.body;
  var poll = body.getAttribute("data-poll");
  if (!poll || !window.fetch) return;
  var shown = body.getAttribute("data-v");
  var touched = false;
  document.addEventListener("input", function () { touched = true; });
  document.addEventListener("change", function () { touched = true; });
  function busy() {
    var el = document.activeElement;
    return touched || (el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT"));
  }
  setInterval(function () {
    fetch(poll, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (v) { if (v && v !== shown && !busy()) { location.replace(location.pathname); } })
      .catch(function () {});
  }, 2000);
})();
