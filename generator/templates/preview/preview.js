// The preview's error panel (pathway serve only; never in a built site): Hide button and Escape.
(function () {
  "use strict";
  var panel = document.querySelector("[data-pathway-preview]");
  if (!panel) { return; }
  var button = panel.querySelector("[data-pathway-preview-dismiss]");
  function hide() {
    panel.hidden = true;
    var main = document.querySelector("main, [role=main]") || document.body;
    if (!main.hasAttribute("tabindex")) { main.setAttribute("tabindex", "-1"); }
    main.focus();  // focus must not stay on a hidden button
  }
  if (button) {
    button.hidden = false;
    button.addEventListener("click", hide);
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden && panel.contains(document.activeElement)) { hide(); }
  });
}());
