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

  // search (Pagefind's UI; the page lists the sections for readers without JavaScript)
  var search = document.getElementById("search");
  if (search && window.PagefindUI) {
    new window.PagefindUI({ element: "#search", showImages: false, showSubResults: true,
      translations: { placeholder: search.dataset.placeholder } });
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
