// Article pages reached from a search: bring the first highlighted paragraph into view
// when the link carried no #pN fragment of its own.
document.addEventListener("DOMContentLoaded", function () {
  window.searchappLoaded = (window.searchappLoaded || 0) + 1;
  if (!location.hash) {
    var hit = document.querySelector(".first-hit");
    if (hit) hit.scrollIntoView({ block: "center" });
  }
});
