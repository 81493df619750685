// Loaded on every page by templates/furo/partials/handbog-phone-search.html (deferred, and
// cached from one page to the next instead of written into each).
// Search in place: when a reader touches or puts the cursor in a search field (this one or
// furo's: a finger's pointerdown comes some 100 ms before the field has focus), the
// search page's own module (_static/search/soeg.js: the same rules and ranking) starts
// Pagefind on this page, fetches the index for the words while they type, and Enter shows
// the results in a panel below this field, without opening the search page (on a slow line
// that page and its styles cost seconds before its script could start). An Enter before the
// module is ready waits for it. Without this script the form sends ?q= to the search page;
// if the module cannot load, Enter opens the search page as before.
(function () {
// A search result's link carries the searched words (?markeret=, RULES in
// handbog/theme/search.py); _static/search/markering.js marks them on the page, fetched
// only then.
var script = document.currentScript;
var highlight = script.dataset.markeret;
if (highlight && new URLSearchParams(location.search).has(highlight)) {
  import(new URL("markering.js", script.src).href + "?p=" + encodeURIComponent(highlight));
}
var starts = ["pointerdown", "touchstart", "focusin"];
starts.forEach(function (name) {
  document.addEventListener(name, prepare, { passive: true });
});
function prepare(event) {
  if (!event.target.closest || !event.target.closest("form[role=search]")) { return; }
  // the search page has its own form and runs soeg.js itself
  if (document.querySelector("form.handbog-search")) { return; }
  starts.forEach(function (name) {
    document.removeEventListener(name, prepare, { passive: true });
  });
  var root = new URL(document.documentElement.dataset.content_root || "./", location.href);
  var page = new URL("search.html", root);
  var panel = document.createElement("section");
  panel.className = "handbog-search-panel handbog-screen-only";
  panel.setAttribute("aria-label", "Søgeresultater");
  panel.setAttribute("data-pagefind-ignore", "");
  panel.tabIndex = -1;
  panel.hidden = true;
  // markup written once here rather than element by element: this file is on every page,
  // inside a checklist page's weight budget (tests/test_page_weight.py)
  panel.innerHTML = '<div class="handbog-search-panel-head">' +
    '<p class="handbog-search-status" role="status" aria-live="polite"></p>' +
    '<button type="button" class="handbog-search-close">Luk</button></div>' +
    '<div class="handbog-search-results"></div>';
  var status = panel.querySelector(".handbog-search-status");
  var close = panel.querySelector(".handbog-search-close");
  var results = panel.querySelector(".handbog-search-results");
  var phoneForm = document.querySelector("form.handbog-phone-search");
  phoneForm.after(panel);
  var lastField = null;
  function hide() {
    panel.hidden = true;
    if (lastField) { lastField.focus(); }
  }
  close.addEventListener("click", hide);
  document.addEventListener("keydown", function (key) {
    if (key.key === "Escape" && !panel.hidden) { hide(); }
  });
  // Pagefind's files would come one after another (its module, then its WebAssembly, then
// the index's entry and meta file; soeg.js runs it without its worker): they are asked
// for now, at once, so that on a slow line they share it instead of waiting for each
// other (the meta file by soeg.js, which reads its name in the rules). All the pages'
// words (handbog-ordforraad.json) are not: soeg.js fetches them only to correct a word.
  var language = (document.documentElement.lang || "unknown").toLowerCase();
  function early(rel, path) {
    var link = document.createElement("link");
    link.rel = rel;
    link.href = new URL(path, root).href;
    document.head.appendChild(link);
  }
  early("modulepreload", "pagefind/pagefind.js");
  ["pagefind/wasm." + language + ".pagefind",
   "pagefind/handbog-soegeregler.json"].forEach(function (path) { early("prefetch", path); });
  var loaded = import(new URL("_static/search/soeg.js", root).href);
  var module = loaded.then(function (soeg) {
    return soeg.inPage(status, results).then(function (started) {
      if (!started) { throw new Error("Pagefind did not start"); }
      return soeg;
    });
  });
  module.catch(function () {});
  document.querySelectorAll("form[role=search]").forEach(function (form) {
    var field = form.querySelector("input[name=q]");
    if (!field) { return; }
    field.addEventListener("input", function () {
      // not waiting for Pagefind: soeg.js fetches what it can before Pagefind has started
      loaded.then(function (soeg) { soeg.preload(field.value); }, function () {});
    });
    form.addEventListener("submit", function (submitted) {
      var query = field.value.trim();
      if (!query) { return; }
      submitted.preventDefault();
      lastField = field;
      panel.hidden = false;
      delete status.dataset.query;
      status.textContent = "Søger …";
      results.textContent = "";
      if (form !== phoneForm) { panel.focus(); }
      module.then(function (soeg) { return soeg.search(query); }, function () {
        location.href = page.href + "?q=" + encodeURIComponent(query);
      });
    });
  });
}
})();
