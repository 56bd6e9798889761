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

  // Live search: empty fields (a blank date input) stay out of the URL, and a query longer than the
  // server searches is cut before it is sent (a pasted passage would make a URL the server refuses).
  document.addEventListener("htmx:configRequest", function (e) {
    var params = e.detail.parameters;
    ["from", "to", "district", "newspaper", "date", "sort"].forEach(function (name) {
      if (params[name] === "") delete params[name];
    });
    if (typeof params.q === "string" && chars(params.q).length > maxChars) params.q = cut(params.q);
  });

  // ---------------------------------------------------------------- long queries
  // The server searches the first 256 characters (query.MAX_QUERY_CHARS; the box's maxlength says it for
  // a browser without this file). With it, the box keeps the whole paste, only the first 256 characters
  // are sent, and the note under the box says so, naming where the search stops.
  var maxChars = 256;
  function chars(text) { return Array.from(text); } // characters, not UTF-16 units (as Python counts)
  function cut(text) { return chars(text).slice(0, maxChars).join(""); }
  function sayCut(box, length) {
    var note = document.getElementById("q-note");
    if (!note) return;
    if (length > maxChars) {
      var tail = chars(cut(box.value)).slice(-8).join("");
      note.textContent = "检索词共 " + length + " 字，超过 " + maxChars + " 字的上限：只检索前 " + maxChars + " 字（到“…" + tail + "”为止）。";
    } else {
      note.textContent = "";
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("q");
    if (!box) return;
    if (box.maxLength > 0) maxChars = box.maxLength;
    box.removeAttribute("maxlength");
    var stored = null;
    try { stored = JSON.parse(sessionStorage.getItem("searchapp-cut") || "null"); sessionStorage.removeItem("searchapp-cut"); } catch (err) { stored = null; }
    if (stored && stored.q === box.value) sayCut({ value: stored.full || box.value }, stored.length);
  });
  document.addEventListener("input", function (e) {
    if (e.target && e.target.id === "q") sayCut(e.target, chars(e.target.value).length);
  });
  // A page without live search submits the form itself: send the first 256 characters, and let the
  // results page say what was cut.
  document.addEventListener("submit", function (e) {
    var form = e.target, box = form.querySelector && form.querySelector("#q");
    if (!box || form.hasAttribute("hx-get") || chars(box.value).length <= maxChars) return;
    e.preventDefault();
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value !== "" || name === "q") params.append(name, value); });
    params.set("q", cut(box.value));
    try { sessionStorage.setItem("searchapp-cut", JSON.stringify({ q: params.get("q"), full: box.value, length: chars(box.value).length })); } catch (err) { /* private mode: the page still searches */ }
    location.assign(form.getAttribute("action") + "?" + params.toString());
  });

  // ---------------------------------------------------------------- the box shows the results' query
  // The box is outside the results htmx swaps, so after a facet, chip, pager or Back it would keep
  // whatever it held before. The results carry their query (data-query); the box follows it, except
  // while the reader is typing (results from the box itself, or the form's Enter).
  function showQuery(q, force) {
    var box = document.getElementById("q");
    if (!box || q === null) return;
    box.setAttribute("value", q);
    // A pasted passage whose first 256 characters are the query shown stays, with its note.
    if (force || cut(box.value).trim() !== q) box.value = q;
    sayCut(box, chars(box.value).length);
  }
  function shownQuery() {
    var holder = document.querySelector("#results [data-query]");
    return holder ? holder.getAttribute("data-query") : (document.getElementById("results") ? "" : null);
  }
  // Results arrive in the order asked, not the order the server answers: a slow facet's or page's
  // answer that comes after a newer search (typed, or another link) is dropped, never swapped in
  // over it (nor pushed into history). Dropping rather than aborting keeps the console clean.
  var asked = 0;
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (e.detail.xhr && e.detail.target && e.detail.target.id === "results") e.detail.xhr.searchappAsked = ++asked;
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    var n = e.detail.xhr && e.detail.xhr.searchappAsked;
    if (n && n < asked) e.detail.shouldSwap = false;
  });
  // What the box held when each request left: a reader who types while a facet or chip is
  // loading keeps the words typed (which search in their turn), never overwritten by the results.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var box = document.getElementById("q");
    if (box && e.detail.xhr) e.detail.xhr.searchappBox = box.value;
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var elt = e.detail.requestConfig && e.detail.requestConfig.elt;
    if (elt && (elt.id === "q" || elt.matches("form.searchbox"))) return;
    var box = document.getElementById("q");
    var before = e.detail.xhr && e.detail.xhr.searchappBox;
    if (box && typeof before === "string" && box.value !== before) return;
    showQuery(shownQuery());
  });
  // A snapshot for Back holds the box as the results it goes with, and a restored page shows them.
  document.addEventListener("htmx:beforeHistorySave", function (e) {
    var box = e.detail.historyElt.querySelector("#q");
    var q = shownQuery();
    if (box && q !== null) box.setAttribute("value", q);
  });
  document.addEventListener("htmx:historyRestore", function () {
    showQuery(shownQuery(), true);
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
