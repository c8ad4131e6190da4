// Restores the colour palette a reader chose with a palette toggle (Material's and Zensical's inline
// script in partials/javascripts/palette.html, as a file: the Content-Security-Policy allows no inline
// script). It runs where the header includes it, so document.body already exists.
(function () {
  "use strict";
  var palette = typeof __md_get === "function" ? __md_get("__palette") : null;
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    var media = matchMedia("(prefers-color-scheme: light)");
    var input = document.querySelector(media.matches
      ? "[data-md-color-media='(prefers-color-scheme: light)']"
      : "[data-md-color-media='(prefers-color-scheme: dark)']");
    if (!input) return;
    palette.color.media = input.getAttribute("data-md-color-media");
    palette.color.scheme = input.getAttribute("data-md-color-scheme");
    palette.color.primary = input.getAttribute("data-md-color-primary");
    palette.color.accent = input.getAttribute("data-md-color-accent");
  }
  for (var key in palette.color) {
    if (Object.prototype.hasOwnProperty.call(palette.color, key)) {
      document.body.setAttribute("data-md-color-" + key, palette.color[key]);
    }
  }
})();
