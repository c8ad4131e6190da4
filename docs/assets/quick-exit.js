// Quick exit: "Leave this site", after the GOV.UK Design System's "Exit this page".
// Click the button, press Shift three times, or follow the secondary link after
// the skip link: the page is hidden at once, every widget is told to forget what
// was typed (the "pathway:exit" event), session and local storage are wiped, and
// the tab leaves with location.replace() so Back does not return here.
// Loaded on every page, with no dependencies, and listening in the capture phase
// so no widget can swallow the click or the key presses first.
(function () {
  "use strict";
  if (window.__pathwayQuickExit) return;
  window.__pathwayQuickExit = true;

  var PRESSES_NEEDED = 3;
  var RESET_AFTER_MS = 5000;  // as GOV.UK: the count starts again after 5 seconds
  var presses = 0;
  var resetTimer = null;
  var savedTitle = null;

  function exitUrl() {
    var link = document.querySelector("a[data-pw-exit]");
    return link ? link.href : "https://www.bbc.co.uk/weather";
  }

  function announce(text) {
    var status = document.querySelector("[data-pw-exit-status]");
    if (status) status.textContent = text;
  }

  function wipeStorage() {
    try { window.sessionStorage.clear(); } catch (e) { /* storage disabled */ }
    try { window.localStorage.clear(); } catch (e) { /* storage disabled */ }
  }

  function go(url) {
    // In an embed, leave the whole framing page, not just the frame.  Browsers
    // allow a frame to replace the top page while handling the user's click or
    // key press; a sandboxed frame may refuse, and then the frame itself leaves.
    if (window.top !== window.self) {
      try { window.top.location.replace(url); return; } catch (e) { /* fall through */ }
    }
    window.location.replace(url);
  }

  function leave(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("pw-exiting");
    if (savedTitle === null) savedTitle = document.title;
    document.title = "Loading";  // the tab title no longer names the subject while the next site loads
    try {
      document.dispatchEvent(new CustomEvent("pathway:exit"));
    } catch (e) { /* a widget's handler failed: leave anyway */ }
    wipeStorage();
    go(exitUrl());
  }

  function resetCount(message) {
    presses = 0;
    clearTimeout(resetTimer);
    resetTimer = null;
    announce(message || "");
  }

  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest ? event.target.closest("[data-pw-exit]") : null;
    if (target) leave(event);
  }, true);

  window.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      if (presses) resetCount("");
      return;
    }
    if (event.repeat) return;
    presses += 1;
    clearTimeout(resetTimer);
    if (presses >= PRESSES_NEEDED) {
      resetCount("Leaving this site.");
      leave(null);
      return;
    }
    var left = PRESSES_NEEDED - presses;
    announce("Shift pressed " + (presses === 1 ? "once" : presses + " times") + ". Press Shift " + left +
      " more " + (left === 1 ? "time" : "times") + " to leave this site.");
    resetTimer = setTimeout(function () { resetCount("Shift count reset."); }, RESET_AFTER_MS);
  }, true);

  // A page the browser restores from its back-forward cache must come back
  // visible and ready, not stuck half-way through leaving.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.documentElement.classList.remove("pw-exiting");
    if (savedTitle !== null) { document.title = savedTitle; savedTitle = null; }
    resetCount("");
  });
})();
