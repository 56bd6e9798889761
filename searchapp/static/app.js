// Progressive enhancement only: every link and form works without this file.
(function () {
  "use strict";

  // Article pages reached from a search: bring the first highlighted paragraph into view
  // when the link carried no #pN fragment of its own.
  document.addEventListener("DOMContentLoaded", function () {
    window.searchappLoaded = (window.searchappLoaded || 0) + 1;
    if (!location.hash) {
      var hit = document.querySelector(".first-hit");
      if (hit) hit.scrollIntoView({ block: "center" });
    }
    document.querySelectorAll("button.copy[hidden]").forEach(function (b) { b.hidden = false; });
  });

  // Copy buttons (cite box): the permalink input or a reference's text.
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button.copy");
    if (!button) return;
    var source = document.getElementById(button.dataset.copy);
    if (!source) return;
    var text = source.value !== undefined && source.tagName === "INPUT" ? source.value : source.textContent;
    var done = function () { button.textContent = "已复制"; button.classList.add("copied"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(source, text) && done(); });
    } else if (fallbackCopy(source, text)) {
      done();
    }
  });

  function fallbackCopy(source, text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
    area.remove();
    return ok;
  }

  // Live search: empty fields (a blank date input) stay out of the URL.
  document.addEventListener("htmx:configRequest", function (e) {
    var params = e.detail.parameters;
    ["from", "to", "district", "newspaper", "date", "sort"].forEach(function (name) {
      if (params[name] === "") delete params[name];
    });
  });

  // One history entry per settled search: the first results while typing push an entry, the
  // rest of the same typing replace it. Leaving the box or following any other link settles it.
  var typingEntry = false;
  document.addEventListener("htmx:beforeHistoryUpdate", function (e) {
    var config = e.detail.requestConfig || {};
    var fromBox = !!(config.elt && config.elt.id === "q");
    var same = e.detail.history.path === location.pathname + location.search;
    // Pressing Enter on results already shown, or more typing of the same search: no new entry.
    if (e.detail.history.type === "push" && (same || (fromBox && typingEntry))) e.detail.history.type = "replace";
    typingEntry = fromBox;
  });
  document.addEventListener("focusout", function (e) {
    if (e.target && e.target.id === "q") typingEntry = false;
  });
  window.addEventListener("popstate", function () { typingEntry = false; });
})();
