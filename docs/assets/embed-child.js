// Runs inside an embed page (overrides/embed.html) when it is shown in an iframe.
//
// 1. Tells the framing page how tall the content is, so assets/embed-resizer.js
//    (if the host uses it) can make the iframe fit.  Messages, posted to
//    window.parent with targetOrigin "*" (the embed cannot know its host; a
//    height is all it ever says):
//      { "pathway": "embed", "version": 1, "kind": "height", "height": <CSS pixels> }
//      { "pathway": "embed", "version": 1, "kind": "exit" }   (the quick exit was used)
//    It answers the resizer's { "pathway": "embed", "version": 1, "kind": "ask" }
//    only when that comes from window.parent, so a resizer loaded after the
//    frame still gets the height.
// 2. Tells the framing page when the quick exit is used, so the resizer hides
//    the frame at once.  (quick-exit.js itself replaces the top window, and the
//    exit links carry target="_top" for when JavaScript is off; a host whose
//    sandbox forbids top navigation still stops showing the case.)
// 3. Opens the content's links in a new tab when framed, so the full site never
//    loads inside someone else's frame; each such link is described as opening
//    in a new tab.
// Nothing else crosses the frame boundary, and nothing is stored.
(function () {
  "use strict";
  if (window.__pathwayEmbedChild) return;
  window.__pathwayEmbedChild = true;

  var framed = window.parent && window.parent !== window;
  if (!framed) return;

  var PROTOCOL = { pathway: "embed", version: 1 };
  var lastHeight = -1;
  var pending = false;

  function message(kind, extra) {
    var data = { pathway: PROTOCOL.pathway, version: PROTOCOL.version, kind: kind };
    Object.keys(extra || {}).forEach(function (key) { data[key] = extra[key]; });
    return data;
  }

  function contentHeight() {
    // html and body are height:auto on embed pages (embed.css), so this is the content's own height.
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  function postHeight(force) {
    pending = false;
    var height = contentHeight();
    if (!force && height === lastHeight) return;
    lastHeight = height;
    window.parent.postMessage(message("height", { height: height }), "*");
  }

  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { postHeight(false); });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.pathway !== PROTOCOL.pathway ||
        data.version !== PROTOCOL.version || data.kind !== "ask") return;
    postHeight(true);
  });

  if (typeof ResizeObserver === "function") {
    new ResizeObserver(schedule).observe(document.documentElement);
  } else {
    window.addEventListener("resize", schedule);
  }
  window.addEventListener("load", function () { postHeight(true); });
  schedule();

  // The quick exit (assets/quick-exit.js announces it with "pathway:exit", then leaves the top window).
  document.addEventListener("pathway:exit", function () {
    try { window.parent.postMessage(message("exit"), "*"); } catch (e) { /* nothing to tell */ }
  });

  // Links open in a new tab, described as such.  Links a widget draws later are
  // caught when clicked.
  function toNewTab(a) {
    if (a.hasAttribute("data-pw-exit") || a.target) return;
    if (a.href.split("#")[0] === window.location.href.split("#")[0]) return;  // a link within this page
    a.target = "_blank";
    a.rel = (a.rel ? a.rel + " " : "") + "noopener";
    a.setAttribute("aria-describedby", "pw-new-tab-note");
  }
  document.addEventListener("click", function (event) {
    var a = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (a) toNewTab(a);
  }, true);

  function openLinksInNewTab() {
    var note = document.getElementById("pw-new-tab-note");
    if (!note) {
      note = document.createElement("span");
      note.id = "pw-new-tab-note";
      note.hidden = true;
      note.textContent = "Opens in a new tab";
      document.body.appendChild(note);
    }
    Array.prototype.forEach.call(document.querySelectorAll(".md-content a[href]"), toNewTab);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openLinksInNewTab);
  else openLinksInNewTab();
})();
