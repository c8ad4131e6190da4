// The question bank's filter: by audience and by theme, with the count announced.
//
// Without JavaScript the page is one full list (the form stays hidden).  With it,
// the form appears; each change hides the case blocks that do not match and
// announces "Showing 23 of 84 questions, from 7 case studies." in a live region.
// Theme boxes combine with "any of": a case with any ticked theme is shown.
// The choice is kept in the address (?audience=…&theme=…&theme=…) so a trainer
// can share a filtered list.  Material's instant navigation re-runs this file.
(function () {
  "use strict";

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function setUp(form) {
    if (form.hasAttribute("data-pw-ready")) return;
    form.setAttribute("data-pw-ready", "");
    var article = form.parentElement;
    var count = article.querySelector("[data-pw-question-count]");
    var sections = Array.prototype.slice.call(article.querySelectorAll(".pw-qb-audience"));
    var blocks = Array.prototype.slice.call(article.querySelectorAll(".pw-qb-case"));
    var total = blocks.reduce(function (sum, block) { return sum + block.querySelectorAll("ol > li").length; }, 0);

    function chosen() {
      var audience = form.querySelector("input[name=audience]:checked");
      var themes = Array.prototype.slice.call(form.querySelectorAll("input[name=theme]:checked"))
        .map(function (box) { return box.value; });
      return { audience: audience ? audience.value : "", themes: themes };
    }

    function apply(keepAddress) {
      var choice = chosen();
      var questions = 0;
      var cases = {};
      blocks.forEach(function (block) {
        var themes = (block.getAttribute("data-themes") || "").split(" ");
        var show = (!choice.audience || block.getAttribute("data-audience") === choice.audience) &&
          (!choice.themes.length || choice.themes.some(function (t) { return themes.indexOf(t) !== -1; }));
        block.hidden = !show;
        if (show) {
          questions += block.querySelectorAll("ol > li").length;
          cases[block.getAttribute("data-case")] = true;
        }
      });
      sections.forEach(function (section) {
        section.hidden = !section.querySelector(".pw-qb-case:not([hidden])");
      });
      var caseCount = Object.keys(cases).length;
      count.textContent = questions === 0
        ? "No questions match these filters. Clear a theme or choose all audiences."
        : (questions === total ? "Showing all " : "Showing " + questions + " of ") + plural(total, "question", "questions") +
          ", from " + plural(caseCount, "case study", "case studies") + ".";
      if (!keepAddress) {
        var query = new URLSearchParams(window.location.search);
        query.delete("audience");
        query.delete("theme");
        if (choice.audience) query.set("audience", choice.audience);
        choice.themes.forEach(function (t) { query.append("theme", t); });
        var search = query.toString();
        try {
          window.history.replaceState(window.history.state, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
        } catch (e) { /* the list still filters */ }
      }
    }

    // Start from the address, ignoring values the form does not offer.
    var query = new URLSearchParams(window.location.search);
    var audience = query.get("audience");
    Array.prototype.forEach.call(form.querySelectorAll("input[name=audience]"), function (radio) {
      if (audience !== null && radio.value === audience) radio.checked = true;
    });
    var themes = query.getAll("theme");
    Array.prototype.forEach.call(form.querySelectorAll("input[name=theme]"), function (box) {
      box.checked = themes.indexOf(box.value) !== -1;
    });

    form.addEventListener("change", function () { apply(false); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(false); }, 0); });
    form.hidden = false;
    if (audience || themes.length) apply(true);  // otherwise the full list and its count are already right
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-pw-question-filter]"), setUp);
  }

  if (!window.__pathwayQuestionBank) {
    window.__pathwayQuestionBank = true;
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
