// Pathway embed resizer: put this script on a page that embeds a Pathway page in an
// <iframe data-pathway-embed>, and each such iframe becomes as tall as its content.
// Without it the iframe keeps its height attribute and scrolls.  Self-hosted,
// no dependencies, no requests; copy it to your own server if your policies ask.
//
// The embedded page posts messages of exactly this shape:
//   { "pathway": "embed", "version": 1, "kind": "height", "height": <number, CSS pixels> }
//   { "pathway": "embed", "version": 1, "kind": "exit" }
// and this script sends { "pathway": "embed", "version": 1, "kind": "ask" } to each
// embed so one that loaded first still reports its height.
//
// A message is used only when
//   - event.source is the window of an iframe marked data-pathway-embed on this page,
//   - event.origin is the origin of that iframe's src, and
//   - event.data is a plain object of the shape above, with a finite height between
//     0 and 100000.
// Anything else is ignored.  Data is never evaluated or inserted as markup: the
// only effects are setting that iframe's height, and hiding it when its quick
// exit was used (the embedded page also tries to leave the whole window).
(function () {
  "use strict";
  if (window.__pathwayEmbedResizer) return;
  window.__pathwayEmbedResizer = true;

  var SELECTOR = "iframe[data-pathway-embed]";
  var MIN_HEIGHT = 150;
  var MAX_HEIGHT = 100000;

  function originOf(frame) {
    try {
      return new URL(frame.getAttribute("src") || "", window.location.href).origin;
    } catch (e) {
      return null;
    }
  }

  function frameFor(source) {
    if (!source) return null;
    var frames = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  function valid(data) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return false;
    if (data.pathway !== "embed" || data.version !== 1) return false;
    if (data.kind === "exit") return true;
    return data.kind === "height" && typeof data.height === "number" && isFinite(data.height) &&
      data.height >= 0 && data.height <= MAX_HEIGHT;
  }

  window.addEventListener("message", function (event) {
    var frame = frameFor(event.source);
    if (!frame || event.origin !== originOf(frame) || !valid(event.data)) return;
    if (event.data.kind === "height") {
      frame.style.height = Math.max(MIN_HEIGHT, Math.ceil(event.data.height)) + "px";
    } else {
      frame.style.visibility = "hidden";
    }
  });

  function ask(frame) {
    var origin = originOf(frame);
    if (!origin || origin === "null" || !frame.contentWindow) return;
    try {
      frame.contentWindow.postMessage({ pathway: "embed", version: 1, kind: "ask" }, origin);
    } catch (e) { /* not loaded yet: it reports itself on load */ }
  }

  // Embeds already on the page, and any that load later (load does not bubble; capture sees it).
  Array.prototype.forEach.call(document.querySelectorAll(SELECTOR), ask);
  document.addEventListener("load", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches(SELECTOR)) ask(target);
  }, true);
})();
