// Material for MkDocs' small page-start helpers, loaded from this file instead of
// the inline scripts Material writes into every page, so that the site's
// Content-Security-Policy can forbid inline script entirely (generator/csp.py).
// Same behaviour as Material 9.x's partials/javascripts/base.html and content.html.
(function () {
  "use strict";
  var script = document.currentScript;
  var scope = (script && script.getAttribute("data-md-scope")) || ".";

  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage === undefined ? localStorage : storage;
    base = base === undefined ? window.__md_scope : base;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    try {
      storage = storage === undefined ? localStorage : storage;
      base = base === undefined ? window.__md_scope : base;
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (e) { /* storage disabled or full: Material carries on without it */ }
  };

  // A URL fragment naming a content tab selects that tab.
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
  });
})();
