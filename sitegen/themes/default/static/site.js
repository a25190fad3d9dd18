/* Small enhancements; every page works without this file. */
(function () {
  var root = document.documentElement;

  // 大字: a larger-text switch that persists between visits
  var button = document.querySelector(".text-size");
  function applySize(large) {
    root.classList.toggle("large-text", large);
    if (button) {
      button.textContent = large ? button.dataset.normal : button.dataset.larger;
      button.setAttribute("aria-pressed", large ? "true" : "false");
    }
  }
  var saved = null;
  try { saved = localStorage.getItem("sitegen-large-text"); } catch (e) { /* private mode */ }
  applySize(saved === "1");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var large = !root.classList.contains("large-text");
      applySize(large);
      try { localStorage.setItem("sitegen-large-text", large ? "1" : "0"); } catch (e) { /* ignore */ }
    });
  }

  // search (Pagefind's UI; the page lists the sections for readers without JavaScript).
  // The index holds every run of Chinese characters as suffixes of at most WORD_CHARS characters
  // (sitegen/search.py), so a query is cut at punctuation and into pieces no longer than that:
  // each piece is then the start of an index word, however the browser cuts it further.
  var WORD_CHARS = 8;
  var PUNCTUATION = /[!-\/:-@\[-`{-~\u00a1-\u00bf\u2010-\u206f\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+/g;
  var CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;
  function searchTerm(term) {
    return term.replace(PUNCTUATION, " ").replace(CJK_RUN, function (run) {
      var pieces = [];
      for (var i = 0; i < run.length; i += WORD_CHARS) pieces.push(run.slice(i, i + WORD_CHARS));
      return " " + pieces.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  // a result shows its summary as written (the index words are not for reading), query words marked
  function excerpt(summary, term) {
    var words = term.split(" ").filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    if (!words.length) return escapeHtml(summary);
    var pattern = new RegExp(words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
    var html = "", last = 0, match;
    while ((match = pattern.exec(summary)) !== null) {
      html += escapeHtml(summary.slice(last, match.index)) + "<mark>" + escapeHtml(match[0]) + "</mark>";
      last = match.index + match[0].length;
    }
    return html + escapeHtml(summary.slice(last));
  }
  window.sitegenSearchTerm = searchTerm;  // the tests query Pagefind exactly as this box does
  var search = document.getElementById("search");
  if (search && window.PagefindUI) {
    var lastTerm = "";
    new window.PagefindUI({ element: "#search", showImages: false, showSubResults: false,
      translations: { placeholder: search.dataset.placeholder },
      processTerm: function (term) { lastTerm = searchTerm(term); return lastTerm; },
      processResult: function (result) {
        result.meta = result.meta || {};
        result.excerpt = excerpt(result.meta.summary || "", lastTerm);
        delete result.meta.summary;  // shown as the excerpt, not again as a "Summary:" tag
        return result;
      } });
  }

  // inside WeChat: show how to open the page in a browser first
  if (/MicroMessenger/i.test(navigator.userAgent)) root.classList.add("in-wechat");

  // copy buttons for subscription addresses
  document.querySelectorAll("[data-copy]").forEach(function (copy) {
    var input = document.getElementById(copy.dataset.copy);
    if (!input || !navigator.clipboard) return;
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () { copy.textContent = "✓ " + copy.textContent.replace(/^✓ /, ""); });
    });
  });

  // a page built days ago: hide occurrences that have already ended
  var now = Date.now();
  document.querySelectorAll("li.occ[data-end]").forEach(function (item) {
    var end = Date.parse(item.dataset.end);
    if (!isNaN(end) && end < now) item.classList.add("is-past");
  });
  document.querySelectorAll(".day").forEach(function (day) {
    if (day.querySelector("li.occ") && !day.querySelector("li.occ:not(.is-past)")) day.classList.add("is-past");
  });
})();
