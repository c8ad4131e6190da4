// Quick exit: "Leave this site", after the GOV.UK Design System's "Exit this page".
// Click, Shift pressed three times, or the secondary link: hide the page at once,
// wipe everything the site stored, and leave with location.replace() so Back does
// not return here. Loaded on every page, before anything else, with no dependencies.
(function () {
  "use strict";
  if (window.__pathwayQuickExit) return;
  window.__pathwayQuickExit = true;

  var presses = 0;
  var resetTimer = null;

  function exitUrl() {
    var link = document.querySelector("[data-pw-exit]");
    return link ? link.href : "https://www.bbc.co.uk/weather";
  }

  function announce(text) {
    var status = document.querySelector("[data-pw-exit-status]");
    if (status) status.textContent = text;
  }

  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("pw-exiting");
    try { document.dispatchEvent(new CustomEvent("pathway:exit")); } catch (e) { /* old browsers */ }
    try { window.sessionStorage.clear(); } catch (e) { /* storage disabled */ }
    try { window.localStorage.clear(); } catch (e) { /* storage disabled */ }
    window.location.replace(exitUrl());
  }

  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target.closest("[data-pw-exit]") : null;
    if (target) leave(event);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { presses = 0; return; }
    if (event.repeat) return;
    presses += 1;
    clearTimeout(resetTimer);
    resetTimer = setTimeout(function () { presses = 0; announce(""); }, 5000);
    if (presses >= 3) {
      announce("Leaving this site.");
      leave(null);
    } else {
      announce("Shift pressed " + presses + (presses === 1 ? " time" : " times") +
        ". Press Shift " + (3 - presses) + " more " + (3 - presses === 1 ? "time" : "times") + " to leave this site.");
    }
  });

  // A page restored from the back-forward cache must not stay hidden.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.documentElement.classList.remove("pw-exiting");
      presses = 0;
      announce("");
    }
  });
})();
