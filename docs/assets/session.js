// Case studies for trainers: session mode, the audience choice, handouts and the embed code.
//
// Without JavaScript a case page reads in order: the parts, every audience's key
// questions, then the debrief, and printing it gives the handout (handout.css).
// With it:
//   - "Run as a session" (or ?session / #session in the address) shows one step at
//     a time in large type: each part of the case (with a "pause for discussion"
//     where the content sets `pause`), then the key questions for the chosen
//     audience, then the outcomes and the force's actions as the debrief.
//     Space, → or Page Down: next; Shift+Space, ← or Page Up: back; Home/End;
//     Escape leaves.  Progress is announced ("Part 2 of 3") in a live region.
//   - ?audience=police-officers-staff | policy-makers-managers shows one audience's
//     questions (on screen, in the session and on the handout).
//   - ?handout=summary prints the summary instead of the whole case.
// The address is kept in step (history.replaceState) so a trainer can copy it.
// Nothing is stored and nothing leaves the page.
//
// Material's instant navigation re-runs this file whenever a case page is
// shown.  Only the first run sets up the page-wide parts (the running session,
// the key handler, print handling); each later run hands the new page to that
// first run's init, so the "Run as a session" button and the keys always drive
// one and the same session.  (A second run with its own state would start its
// session where the first run's key handler cannot see it: no Space, no arrows.)
// The per-case state lives on elements inside the page, which navigation
// replaces, and the key handler only ever acts on a connected session.
(function () {
  "use strict";

  if (window.__pathwaySession && typeof window.__pathwaySession.init === "function") {
    window.__pathwaySession.init();
    return;
  }

  var active = null;  // the running session, if any (one at a time)
  var cases = [];     // every case set up on the current page

  var AUDIENCE = "audience";
  var SESSION = "session";
  var HANDOUT = "handout";

  function params() {
    return new URLSearchParams(window.location.search);
  }

  // Change query parameters in place: value null/""/false removes, true sets a bare flag (?session).
  function updateAddress(changes) {
    var query = params();
    Object.keys(changes).forEach(function (name) {
      var value = changes[name];
      if (value === null || value === "" || value === false) query.delete(name);
      else query.set(name, value === true ? "" : value);
    });
    var session = query.has(SESSION);
    query.delete(SESSION);
    var rest = query.toString();
    var search = session ? SESSION + (rest ? "&" + rest : "") : rest;  // ?session&audience=…, as the docs write it
    var hash = window.location.hash === "#session" ? "" : window.location.hash;
    try {
      window.history.replaceState(window.history.state, "", window.location.pathname + (search ? "?" + search : "") + hash);
    } catch (e) { /* a sandboxed frame may refuse; the page still works */ }
  }

  function textOf(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function lowerFirst(text) {
    return text.charAt(0).toLowerCase() + text.slice(1);
  }

  function isHidden(el) {
    return !el || !el.isConnected || Boolean(el.closest("[hidden]")) || el.getClientRects().length === 0;
  }

  function make(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, attrs[name]); });
    if (text) el.textContent = text;
    return el;
  }

  // -- one case on one page ----------------------------------------------------
  function CaseStudy(root) {
    this.root = root;
    this.article = root.parentElement;
    this.parts = Array.prototype.slice.call(root.querySelectorAll(".pw-part"));
    this.groups = Array.prototype.slice.call(root.querySelectorAll(".pw-question-group"));
    this.questions = root.querySelector(".pw-questions");
    this.debrief = root.querySelector(".pw-debrief");
    this.blocks = Array.prototype.slice.call(root.querySelectorAll(".pw-debrief-block"));
    this.heading = root.querySelector("#the-case");
    this.tools = this.article.querySelector("[data-pw-trainer-tools]");
    this.audienceSelect = this.tools && this.tools.querySelector("[data-pw-audience]");
    this.handoutSelect = this.tools && this.tools.querySelector("[data-pw-handout-version]");
    this.startButton = this.tools && this.tools.querySelector("[data-pw-session-start]");
    this.audience = "";
    this.steps = [];
    this.index = 0;
    this.running = false;
    this.buildBar();
  }

  CaseStudy.prototype.audiences = function () {
    return this.groups.map(function (group) { return group.getAttribute("data-audience"); });
  };

  // Show one audience's key questions ("" = all).  Unknown values are ignored.
  CaseStudy.prototype.setAudience = function (value, fromControl) {
    if (value && this.audiences().indexOf(value) === -1) value = "";
    this.audience = value;
    this.applyAudience();
    if (this.audienceSelect && this.audienceSelect.value !== value) this.audienceSelect.value = value;
    if (fromControl) updateAddress({ audience: value });
    updateEmbedCode(this.article, value);
    if (this.running) {
      var current = this.steps[this.index];
      this.steps = this.buildSteps();
      var same = this.steps.findIndex(function (step) { return step.main === current.main; });
      this.show(same === -1 ? Math.min(this.index, this.steps.length - 1) : same, false);
    }
  };

  CaseStudy.prototype.applyAudience = function () {
    var value = this.audience;
    this.groups.forEach(function (group) {
      group.hidden = Boolean(value) && group.getAttribute("data-audience") !== value;
    });
  };

  CaseStudy.prototype.setHandout = function (value, fromControl) {
    var summary = value === "summary";
    if (summary) this.article.setAttribute("data-pw-handout", "summary");
    else this.article.removeAttribute("data-pw-handout");
    if (this.handoutSelect) this.handoutSelect.value = summary ? "summary" : "full";
    if (fromControl) updateAddress({ handout: summary ? "summary" : null });
  };

  // -- session mode -------------------------------------------------------------
  CaseStudy.prototype.buildBar = function () {
    var bar = make("div", { "class": "pw-session-bar", "data-pw-session-bar": "", role: "group", "aria-label": "Session controls" });
    bar.hidden = true;
    // What the step is, as a heading (focus goes here when it has to move), and a
    // separate live region that announces each change while focus stays put.
    this.progress = make("h2", { "class": "pw-session-progress", tabindex: "-1" });
    this.status = make("p", { "class": "pw-session-status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    var buttons = make("div", { "class": "pw-session-buttons" });
    this.prevButton = make("button", { type: "button", "class": "md-button", "data-pw-prev": "" }, "Previous");
    this.nextButton = make("button", { type: "button", "class": "md-button md-button--primary", "data-pw-next": "" }, "Next");
    this.leaveButton = make("button", { type: "button", "class": "md-button", "data-pw-leave": "" }, "Leave the session");
    buttons.appendChild(this.prevButton);
    buttons.appendChild(this.nextButton);
    buttons.appendChild(this.leaveButton);
    bar.appendChild(this.progress);
    bar.appendChild(this.status);
    bar.appendChild(buttons);
    bar.appendChild(make("p", { "class": "pw-session-keys" }, "Keys: Space or \u2192 next, \u2190 back, Esc leaves."));
    this.pauseNote = make("p", { "class": "pw-session-pause", "data-pw-pause-note": "" },
      "Pause here for discussion before moving on.");
    this.pauseNote.hidden = true;
    this.root.parentNode.insertBefore(bar, this.root);
    this.bar = bar;
    var self = this;
    this.prevButton.addEventListener("click", function () { self.move(-1); });
    this.nextButton.addEventListener("click", function () { self.move(1); });
    this.leaveButton.addEventListener("click", function () { self.stop(); });
  };

  CaseStudy.prototype.buildSteps = function () {
    var steps = [];
    var parts = this.parts;
    parts.forEach(function (part, i) {
      steps.push({ show: [part], main: part, label: "Part " + (i + 1) + " of " + parts.length,
        pause: part.getAttribute("data-pause") === "true" });
    });
    var self = this;
    this.groups.forEach(function (group) {
      if (self.audience && group.getAttribute("data-audience") !== self.audience) return;
      steps.push({ show: [self.questions, group], main: group,
        label: "Key questions " + lowerFirst(textOf(group.querySelector("h3")) || "for discussion") });
    });
    this.blocks.forEach(function (block) {
      steps.push({ show: [self.debrief, block], main: block, label: "Debrief: " + lowerFirst(textOf(block.querySelector("h2"))) });
    });
    return steps;
  };

  CaseStudy.prototype.stepElements = function () {
    return [this.heading, this.questions, this.debrief].concat(this.parts, this.groups, this.blocks).filter(Boolean);
  };

  CaseStudy.prototype.start = function (index) {
    if (!this.parts.length) return;
    if (active && active !== this && active.running) active.stop(true);
    active = this;
    this.running = true;
    this.steps = this.buildSteps();
    this.article.classList.add("pw-session-on");
    this.bar.hidden = false;
    this.root.parentNode.insertBefore(this.pauseNote, this.root.nextSibling);
    updateAddress({ session: true, audience: this.audience });
    this.show(Math.max(0, Math.min(index || 0, this.steps.length - 1)), true);
    window.scrollTo(0, 0);
  };

  CaseStudy.prototype.stop = function (quiet) {
    if (!this.running) return;
    this.running = false;
    this.article.classList.remove("pw-session-on");
    this.bar.hidden = true;
    this.pauseNote.hidden = true;
    this.progress.textContent = "";
    this.status.textContent = "";
    var self = this;
    this.stepElements().forEach(function (el) {
      el.hidden = false;
      el.classList.remove("pw-step-current");
    });
    this.applyAudience();  // re-hide other audiences' questions if one is chosen
    updateAddress({ session: null });
    if (quiet) return;
    var target = this.startButton && !isHidden(this.startButton) ? this.startButton : self.root;
    if (target === self.root) self.root.setAttribute("tabindex", "-1");
    target.focus();
  };

  // Printing during a session prints the handout, not the current step; then the session resumes.
  CaseStudy.prototype.printView = function (printing) {
    if (!this.running) return;
    if (printing) {
      this.article.classList.remove("pw-session-on");
      this.stepElements().forEach(function (el) { el.hidden = false; });
      this.applyAudience();
    } else {
      this.article.classList.add("pw-session-on");
      this.show(this.index, false);
    }
  };

  CaseStudy.prototype.move = function (delta) {
    if (!this.running) return;
    var next = this.index + delta;
    if (next < 0 || next >= this.steps.length) return;
    this.show(next, false);
  };

  CaseStudy.prototype.show = function (index, moveFocus) {
    var step = this.steps[index];
    this.index = index;
    this.stepElements().forEach(function (el) {
      el.hidden = step.show.indexOf(el) === -1;
      el.classList.remove("pw-step-current");
    });
    step.main.classList.add("pw-step-current");
    this.pauseNote.hidden = !step.pause;
    this.prevButton.setAttribute("aria-disabled", index === 0 ? "true" : "false");
    this.nextButton.setAttribute("aria-disabled", index === this.steps.length - 1 ? "true" : "false");
    this.nextButton.textContent = index === this.steps.length - 1 ? "End of the session" : "Next";
    var counter = "step " + (index + 1) + " of " + this.steps.length;
    this.progress.textContent = step.label;
    this.progress.appendChild(make("span", { "class": "pw-session-counter" }, " \u00b7 " + counter));
    // Focus moves to the step's heading only when it would otherwise be lost (it was
    // on something now hidden, or nowhere) or when the session starts; pressing Next
    // keeps focus on Next and the live region says where the session is.
    var focused = document.activeElement;
    if (moveFocus || !focused || focused === document.body || isHidden(focused)) {
      this.status.textContent = "";
      this.progress.focus({ preventScroll: true });
    } else {
      this.status.textContent = step.label + (step.pause ? ". Pause for discussion" : "") + " (" + counter + ").";
    }
    var top = this.bar.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight) this.bar.scrollIntoView({ block: "start" });
  };

  // -- the embed code on the case page -------------------------------------------
  function updateEmbedCode(article, audience) {
    var code = article.querySelector("[data-pw-embed-code] code");
    if (!code) return;
    if (!code.hasAttribute("data-original")) code.setAttribute("data-original", code.textContent);
    var original = code.getAttribute("data-original");
    code.textContent = audience ? original.replace(/src="([^"?]*)"/, function (match, url) {
      return 'src="' + url + "?audience=" + encodeURIComponent(audience) + '"';
    }) : original;
  }

  function addCopyButton(article) {
    var pre = article.querySelector("[data-pw-embed-code]");
    if (!pre || pre.nextElementSibling && pre.nextElementSibling.hasAttribute("data-pw-copy")) return;
    var row = make("div", { "class": "pw-embed-copy", "data-pw-copy": "" });
    var button = make("button", { type: "button", "class": "md-button" }, "Copy the embed code");
    var status = make("span", { role: "status", "aria-live": "polite" });
    row.appendChild(button);
    row.appendChild(status);
    pre.parentNode.insertBefore(row, pre.nextSibling);
    button.addEventListener("click", function () {
      var text = pre.textContent;
      function fallback() {
        var range = document.createRange();
        range.selectNodeContents(pre);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        status.textContent = ok ? "Copied the embed code." : "Could not copy: the code is selected, press Ctrl+C (or \u2318C) to copy it.";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { status.textContent = "Copied the embed code."; }, fallback);
      } else {
        fallback();
      }
    });
  }

  // -- handout details filled in at print time -------------------------------------
  function stampHandout(article) {
    var url = article.querySelector("[data-pw-page-url]");
    if (url) url.textContent = window.location.origin + window.location.pathname;
    var printed = article.querySelector("[data-pw-printed-on]");
    if (printed) {
      var date = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
      printed.textContent = ". Printed on " + date + ".";
    }
  }

  // -- set up every case on the page ----------------------------------------------

  function init() {
    cases = cases.filter(function (c) { return c.root.isConnected; });
    if (active && !active.root.isConnected) active = null;
    var roots = document.querySelectorAll(".pw-session");
    Array.prototype.forEach.call(roots, function (root) {
      if (root.hasAttribute("data-pw-ready") || !root.parentElement) return;
      root.setAttribute("data-pw-ready", "");
      var c = new CaseStudy(root);
      cases.push(c);
      var query = params();
      c.setAudience(query.get(AUDIENCE) || "");
      c.setHandout(query.get(HANDOUT));
      stampHandout(c.article);
      addCopyButton(c.article);
      if (c.tools) {
        c.tools.hidden = false;
        c.tools.addEventListener("submit", function (event) { event.preventDefault(); });
        if (c.audienceSelect) c.audienceSelect.addEventListener("change", function () { c.setAudience(c.audienceSelect.value, true); });
        if (c.handoutSelect) c.handoutSelect.addEventListener("change", function () { c.setHandout(c.handoutSelect.value, true); });
        if (c.startButton) c.startButton.addEventListener("click", function () { c.start(0); });
        var print = c.tools.querySelector("[data-pw-print]");
        if (print) print.addEventListener("click", function () { stampHandout(c.article); window.print(); });
      }
      if (query.has(SESSION) || window.location.hash === "#session") c.start(0);
    });
  }

  window.__pathwaySession = { init: init };  // later runs of this file call this init (see the top)

  document.addEventListener("keydown", function (event) {
    var c = active;
    if (!c || !c.running || !c.root.isConnected) return;
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var tag = target && target.tagName ? target.tagName : "";
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(tag) || (target && target.isContentEditable);
    var control = typing || /^(BUTTON|A|SUMMARY)$/.test(tag);
    var handled = true;
    switch (event.key) {
      case "Escape": if (typing) return; c.stop(); break;
      case " ": case "Spacebar": if (control) return; c.move(event.shiftKey ? -1 : 1); break;
      case "ArrowRight": case "PageDown": if (typing) return; c.move(1); break;
      case "ArrowLeft": case "PageUp": if (typing) return; c.move(-1); break;
      case "Home": if (typing) return; c.show(0, false); break;
      case "End": if (typing) return; c.show(c.steps.length - 1, false); break;
      default: handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    } else if (!typing && /^[nps,./f]$/i.test(event.key)) {
      // Material's one-key shortcuts (next/previous page, search) would leave the session by accident.
      event.stopPropagation();
    }
  });

  window.addEventListener("beforeprint", function () {
    cases.forEach(function (c) {
      if (!c.root.isConnected) return;
      stampHandout(c.article);
      c.printView(true);
    });
  });
  window.addEventListener("afterprint", function () {
    cases.forEach(function (c) { if (c.root.isConnected) c.printView(false); });
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
