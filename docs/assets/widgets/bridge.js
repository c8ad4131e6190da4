// The main-thread bridge for the Pathway widgets: start Python, pass events in, apply what comes back.
//
// Loaded only by pages that hold a widget (the tool pages' own async module script), so every other
// page loads none of this and none of Pyodide. Python runs in one module Web Worker per tab
// (worker.js), created as soon as this module runs; the worker starts its downloads at once, off the
// main thread (its own preload), and Python starts in it at once: the widget asks for its data as soon
// as it is mounted, not when the browser is idle. Widgets are mounted from Material's document$
// observable, idempotently, so instant navigation to a tool page mounts its widget, and leaving and
// coming back reuses the same worker. Until Python has taken over, the page's own markup (rendered at
// build time by the same Python) works as a plain form; if Pyodide cannot start, it stays that way and
// says so politely. See docs/decisions/0008-widget-runtime.md.
//
// Privacy: what the user types is kept in memory only (this module's variables). Only if they tick
// "Keep my answers" is the checklist state put in sessionStorage; "Clear everything" and the quick
// exit (the "pathway:exit" event) wipe it. The walker keeps only choices and dates, in the URL
// fragment. Nothing is ever sent: the worker fetches only this site's static files.

const STORAGE_KEY = "pathway:referral-checklist";
// "?v=<runtime version>" from the tool page's script tag, passed on so a deploy never mixes cached files.
const VERSION = /^\?v=[0-9a-f]{1,64}$/.test(new URL(import.meta.url).search) ? new URL(import.meta.url).search : "";
const FAILED =
  "The interactive version could not start in this browser, so this page works as a plain form. " +
  "Nothing you have typed has been lost or sent anywhere.";

// -- the worker: one per tab -----------------------------------------------------------------------

let worker = null;
let failure = null;
let nextId = 1;
const pending = new Map();

function failAll(message) {
  failure = message || "Python could not start";
  for (const { reject } of pending.values()) reject(new Error(failure));
  pending.clear();
}

function startWorker() {
  if (worker || failure) return;
  try {
    worker = new Worker(new URL("./worker.js" + VERSION, import.meta.url), { type: "module", name: "pathway-widgets" });
  } catch (error) {
    failAll(String(error));
    return;
  }
  worker.addEventListener("message", (event) => {
    const message = event.data || {};
    if (message.type === "failed") {
      failAll(message.error);
      return;
    }
    if (message.type === "ready") return;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new Error(message.error));
  });
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    failAll(event.message || "the worker could not run");
  });
}

function call(op, payload) {
  startWorker();
  if (failure) return Promise.reject(new Error(failure));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, ...payload });
  });
}

// -- small helpers ----------------------------------------------------------------------------------

function setHTML(element, html) {
  // Only touch a live region when its content changed, so screen readers are not told twice.
  if (element && element.__pwHTML !== html) {
    element.innerHTML = html;
    element.__pwHTML = html;
  }
}

function showStatus(root, text) {
  const status = root.querySelector('[data-output="status"]');
  if (!status) return;
  status.textContent = text;
  status.hidden = !text;
}

function announcer(root, after, visible) {
  // A polite live region: visible under the buttons for the checklist's actions, hidden for the walker.
  let region = root.querySelector('[data-output="announce"]');
  if (!region) {
    region = document.createElement("p");
    region.className = visible ? "pw-action-status" : "pw-announce";
    region.dataset.output = "announce";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    (after || root).insertAdjacentElement(after ? "afterend" : "beforeend", region);
  }
  return (text) => {
    region.textContent = "";
    // A fresh text node each time, so repeating the same message is announced again.
    window.setTimeout(() => { region.textContent = text; }, 50);
  };
}

function enableScriptedControls(root) {
  for (const element of root.querySelectorAll("[data-needs-js]")) {
    element.removeAttribute("disabled");
    element.removeAttribute("hidden");
    if (element.dataset.label) element.textContent = element.dataset.label;
  }
}

const STARTING = " (the checks are starting)";

function showStartingControls(root) {
  // The script runs, so the controls that need it can be shown, but not used until Python is ready:
  // their labels say why (what is typed meanwhile is kept and taken over).
  for (const element of root.querySelectorAll("[data-needs-js]")) {
    element.removeAttribute("hidden");
    if (element.matches("button") && !element.dataset.label) {
      element.dataset.label = element.textContent;
      element.textContent = element.dataset.label + STARTING;
    }
  }
  for (const element of root.querySelectorAll("[data-no-script]")) element.hidden = true;
}

function hideScriptedControls(root) {
  // Python could not start: the buttons will never work, so they go, and the plain-form note returns.
  for (const element of root.querySelectorAll("[data-needs-js]")) element.hidden = true;
  for (const element of root.querySelectorAll("[data-no-script]")) element.hidden = false;
}

function failed(root, error) {
  if (root.dataset.ready === "failed") return;
  root.dataset.ready = "failed";
  if (root.dataset.widget === "referral-checklist") hideScriptedControls(root);
  showStatus(root, FAILED);
  if (error && window.console) console.warn("Pathway widgets:", error.message || error);
}

function trouble(root, error) {
  // A request Python refused once it was running: say so, and keep the widget working.
  if (failure || root.dataset.ready !== "python") {
    failed(root, error);
    return;
  }
  showStatus(root, `Sorry, that did not work (${error.message || error}). Reloading the page starts again.`);
}

// -- the referral checklist -----------------------------------------------------------------------

let checklistMemory = null; // the last state, kept across instant navigation within this tab only

function storedChecklist() {
  try {
    const text = window.sessionStorage.getItem(STORAGE_KEY);
    return text ? JSON.parse(text) : null;
  } catch (error) {
    return null;
  }
}

function forgetStoredChecklist() {
  try { window.sessionStorage.removeItem(STORAGE_KEY); } catch (error) { /* storage disabled */ }
}

class Checklist {
  constructor(root) {
    this.root = root;
    this.state = null;
    this.keep = false;
    this.touched = false; // the user acted before Python took over: their work wins
    this.busy = false;
    this.again = false;
    this.timer = null;
    this.reveal = false; // "Yes" to immediate danger: bring the interruption into view once it is shown
    this.focusPanel = null; // the mode whose heading takes focus after the next view
    root.addEventListener("change", (event) => this.onChange(event));
    root.addEventListener("input", (event) => this.onInput(event));
    root.addEventListener("click", (event) => this.onClick(event));
    this.announce = announcer(root, root.querySelector(".pw-actions"), true);
    showStartingControls(root);
    // A reload or a navigation away would lose what was typed: the browser asks first, unless the
    // answers are kept in this tab or the person is leaving by the quick exit (which wipes them first).
    this.onBeforeUnload = (event) => {
      if (!this.root.isConnected) { window.removeEventListener("beforeunload", this.onBeforeUnload); return; }
      if (this.keep || document.documentElement.classList.contains("pw-exiting") || !this.hasTyped()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", this.onBeforeUnload);
  }

  hasTyped() {
    return Array.from(this.root.querySelectorAll("textarea[data-notes]")).some((notes) => notes.value.trim() !== "");
  }

  ready() { return this.root.dataset.ready === "python"; }

  panels() { return Array.from(this.root.querySelectorAll("[data-mode-panel]")); }

  panel(mode) { return this.panels().find((panel) => panel.dataset.modePanel === mode) || null; }

  readDom(base) {
    // The state of the form as the user left it, over ``base`` (remembered state, or empty).
    const state = base ? JSON.parse(JSON.stringify(base)) : { mode: "referral", answers: {}, checked: [], notes: {} };
    const mode = this.root.querySelector('input[data-action="mode"]:checked');
    if (mode) state.mode = mode.value;
    const checked = new Set(state.checked);
    const current = this.panel(state.mode);
    const panels = current ? [current, ...this.panels().filter((p) => p !== current)] : this.panels();
    for (const panel of panels.reverse()) { // the current panel last, so its answers win
      for (const radio of panel.querySelectorAll("input[data-condition]:checked")) state.answers[radio.dataset.condition] = radio.value;
      for (const box of panel.querySelectorAll('input[type="checkbox"][data-item]')) {
        if (box.checked) checked.add(box.dataset.item);
      }
      for (const notes of panel.querySelectorAll("textarea[data-notes]")) {
        if (notes.value.trim()) state.notes[notes.dataset.notes] = notes.value;
      }
    }
    state.checked = Array.from(checked);
    return state;
  }

  async start() {
    try {
      const ids = (this.root.dataset.checklists || "").split(/\s+/).filter(Boolean);
      await call("load", { widget: "referral-checklist", ids });
      const stored = storedChecklist();
      this.keep = stored !== null;
      let base = stored || checklistMemory;
      let view;
      try {
        view = await call("checklist_view", { state: this.touched || !base ? this.readDom(base) : base });
      } catch (error) { // a stored state that no longer fits: drop it, start from the form
        forgetStoredChecklist();
        this.keep = false;
        base = null;
        view = await call("checklist_view", { state: this.readDom(null) });
      }
      if (!this.root.isConnected) return;
      if (this.touched) { // anything typed while the view was computed
        view = await call("checklist_view", { state: this.readDom(view.state) });
      }
      this.state = view.state;
      this.apply(view, true);
      enableScriptedControls(this.root);
      const keep = this.root.querySelector('input[data-action="keep"]');
      if (keep) keep.checked = this.keep;
      this.root.dataset.ready = "python";
      this.remember();
    } catch (error) {
      failed(this.root, error);
    }
  }

  apply(view, restore) {
    const root = this.root;
    root.dataset.mode = view.mode;
    for (const panel of this.panels()) {
      const mode = panel.dataset.modePanel;
      panel.hidden = mode !== view.mode;
      const hidden = view.panels[mode] || { hidden_items: [], hidden_rules: [] };
      const items = new Set(hidden.hidden_items);
      const rules = new Set(hidden.hidden_rules);
      for (const item of panel.querySelectorAll("div[data-item]")) item.hidden = items.has(item.dataset.item);
      for (const rule of panel.querySelectorAll("li[data-rule]")) rule.hidden = rules.has(rule.dataset.rule);
      for (const group of panel.querySelectorAll("fieldset[data-group]")) { // a heading with nothing under it goes
        group.hidden = !Array.from(group.querySelectorAll("div[data-item]")).some((item) => !item.hidden);
      }
    }
    for (const radio of root.querySelectorAll('input[data-action="mode"]')) radio.checked = radio.value === view.mode;
    const answers = view.state.answers;
    for (const radio of root.querySelectorAll("input[data-condition]")) {
      radio.checked = answers[radio.dataset.condition] === radio.value;
    }
    if (restore) {
      const checked = new Set(view.state.checked);
      for (const box of root.querySelectorAll('input[type="checkbox"][data-item]')) box.checked = checked.has(box.dataset.item);
      for (const notes of root.querySelectorAll("textarea[data-notes]")) notes.value = view.state.notes[notes.dataset.notes] || "";
    }
    for (const slot of root.querySelectorAll('[data-output="urgent"]')) setHTML(slot, view.urgent_html);
    setHTML(root.querySelector('[data-output="summary"]'), view.summary_html);
    setHTML(root.querySelector('[data-output="checks"]'), view.checks_html);
    const draft = root.querySelector('[data-output="draft"]');
    if (draft && draft.textContent !== view.draft) draft.textContent = view.draft;
    if (draft) draft.hidden = !view.draft;
    const empty = root.querySelector('[data-output="draft-empty"]');
    if (empty) empty.hidden = !!view.draft;
    this.afterView(view);
  }

  afterView(view) {
    const panel = this.panel(view.mode);
    if (this.focusPanel === view.mode && panel) {
      this.focusPanel = null;
      const heading = panel.querySelector("h2");
      if (heading) { heading.focus({ preventScroll: true }); heading.scrollIntoView({ block: "start" }); }
      return;
    }
    if (this.reveal && view.urgent_html && panel) {
      this.reveal = false;
      const box = panel.querySelector('[data-output="urgent"] .pw-urgent-box');
      if (box) box.scrollIntoView({ block: "nearest" });
    }
  }

  remember() {
    checklistMemory = this.state;
    if (this.keep) {
      try { window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.state)); } catch (error) { /* full or disabled */ }
    }
  }

  update() {
    // Coalesce: one request in flight, and one more with the latest state when it returns.
    if (this.busy) { this.again = true; return; }
    this.busy = true;
    const wipes = this.wipes;  // a view Python works out from answers the quick exit has since wiped is dropped
    call("checklist_view", { state: this.state })
      .then((view) => { if (this.root.isConnected && this.wipes === wipes) this.apply(view, false); })
      .catch((error) => trouble(this.root, error))
      .finally(() => {
        this.busy = false;
        if (this.again) { this.again = false; this.update(); }
      });
    this.remember();
  }

  onChange(event) {
    const target = event.target;
    if (!this.ready()) { this.touched = true; return; }
    if (target.matches('input[data-action="keep"]')) {
      this.keep = target.checked;
      if (this.keep) this.remember();
      else forgetStoredChecklist();
      this.announce(this.keep
        ? "Your answers will be kept in this tab if the page is reloaded."
        : "Your answers will not be kept if the page is reloaded.");
      return;
    }
    if (target.matches('input[data-action="mode"]')) {
      this.state.mode = target.value;
    } else if (target.matches("input[data-condition]")) {
      this.state.answers[target.dataset.condition] = target.value;
      if (target.value === "yes" && target.closest("fieldset").querySelector("[data-interrupt]")) this.reveal = true;
    } else if (target.matches('input[type="checkbox"][data-item]')) {
      const checked = new Set(this.state.checked);
      if (target.checked) checked.add(target.dataset.item);
      else checked.delete(target.dataset.item);
      this.state.checked = Array.from(checked);
    } else if (target.matches("textarea[data-notes]")) {
      this.state.notes[target.dataset.notes] = target.value;
    } else {
      return;
    }
    this.update();
  }

  onInput(event) {
    const target = event.target;
    if (!target.matches("textarea[data-notes]")) return;
    if (!this.ready()) { this.touched = true; return; }
    this.state.notes[target.dataset.notes] = target.value;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.update(), 300);
  }

  onClick(event) {
    const link = event.target.closest('a[data-action="to-mode"]');
    if (link && this.ready() && !(event.metaKey || event.ctrlKey || event.shiftKey)) {
      // "Prepare your 999 or 101 call": the same answers, in the other mode, its heading focused.
      event.preventDefault();
      event.stopPropagation();
      this.state.mode = link.dataset.mode;
      this.focusPanel = link.dataset.mode;
      this.update();
      return;
    }
    const button = event.target.closest("button[data-action]");
    if (!button || !this.ready()) return;
    const action = button.dataset.action;
    if (action === "copy") this.copy();
    else if (action === "print") this.flush().then(() => window.print());
    else if (action === "clear") this.clear();
  }

  async flush() {
    // Bring the draft and the open items up to date with the last keystroke before copying or printing.
    window.clearTimeout(this.timer);
    try {
      const view = await call("checklist_view", { state: this.state });
      if (this.root.isConnected) this.apply(view, false);
    } catch (error) {
      trouble(this.root, error);
    }
  }

  async copy() {
    await this.flush();
    const draft = this.root.querySelector('[data-output="draft"]');
    const text = draft ? draft.textContent : "";
    if (!text) {
      this.announce("Nothing has been written yet, so there is no draft to copy.");
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
      this.announce("The draft has been copied. You can paste it into the referral form.");
      return;
    } catch (error) { /* no clipboard permission: fall back to selecting the text */ }
    const selection = window.getSelection();
    const range = document.createRange();
    range.selectNodeContents(draft);
    selection.removeAllRanges();
    selection.addRange(range);
    let copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    this.announce(copied
      ? "The draft has been copied. You can paste it into the referral form."
      : "The draft is selected. Press Control and C (or Command and C) to copy it.");
  }

  async clear() {
    if (!window.confirm("Clear everything you have ticked and written on this page?")) return;
    window.clearTimeout(this.timer);
    forgetStoredChecklist();
    this.keep = false;
    checklistMemory = null;
    const keep = this.root.querySelector('input[data-action="keep"]');
    if (keep) keep.checked = false;
    this.state = { mode: this.state.mode, answers: {}, checked: [], notes: {} };
    try {
      const view = await call("checklist_view", { state: this.state });
      this.apply(view, true);
      this.announce("Everything has been cleared.");
    } catch (error) {
      trouble(this.root, error);
    }
  }

  wipe() {
    // The quick exit: forget everything now, without waiting for Python, and keep nothing from here on:
    // a change still queued behind a request in flight would otherwise store the answers again.
    this.wipes = (this.wipes || 0) + 1;
    this.keep = false;
    this.again = false;
    this.state = this.state ? { mode: this.state.mode, answers: {}, checked: [], notes: {} } : null;
    for (const notes of this.root.querySelectorAll("textarea")) notes.value = "";
    for (const box of this.root.querySelectorAll("input[type=checkbox], input[data-condition]")) box.checked = false;
    const draft = this.root.querySelector('[data-output="draft"]');
    if (draft) draft.textContent = "";
  }
}

// -- the pathway walker ----------------------------------------------------------------------------

// Every step of the walker is a page of its own (<walker>/<node>/), built with the same markup Python
// gives, so before Python (and without JavaScript) the page already shows its step and walks on by
// links. Once Python runs, a step changes in place and the address becomes that step's page (with the
// answers in the fragment), so a reload or a shared link opens the same step. The steps this tab
// pushed are remembered, so the page's Back link can be the browser's Back instead of a new entry.
// Module-level, because Material may swap in a fresh copy of the page on history traversal.
const walkerTrail = [];
const SITE_ROOT = new URL("../../", import.meta.url);

class Walker {
  constructor(root) {
    this.root = root;
    this.region = root.querySelector('[data-output="walker"]');
    this.walkerPath = root.dataset.walkerPath || "tools/what-happens-next/";
    this.walkerRoot = new URL(this.walkerPath, SITE_ROOT);
    this.ownPage = root.dataset.page || ""; // the step this document was built for ("" = the start page)
    this.current = null;
    this.title = document.title.replace(/^.* – (?=What happens next)/, "");
    this.busy = false;
    this.queued = null;
    root.addEventListener("submit", (event) => this.onSubmit(event));
    root.addEventListener("click", (event) => this.onClick(event));
    this.onLocation = () => this.followLocation();
    window.addEventListener("popstate", this.onLocation);
    window.addEventListener("hashchange", this.onLocation);
    this.announce = announcer(root, null, false);
  }

  ready() { return this.root.dataset.ready === "python"; }

  where(href) {
    // The walker page and fragment an address names, or null for an address outside the walker.
    const url = new URL(href, location.href);
    if (url.origin !== this.walkerRoot.origin || !url.pathname.startsWith(this.walkerRoot.pathname)) return null;
    const rest = url.pathname.slice(this.walkerRoot.pathname.length).replace(/\/?(index\.html)?$/, "");
    if (rest.includes("/")) return null;
    return { page: rest, fragment: url.hash.replace(/^#/, "") };
  }

  async start() {
    try {
      await call("load", { widget: "pathway-walker" });
      const here = this.where(location.href) || { page: this.ownPage, fragment: location.hash.replace(/^#/, "") };
      const view = await call("walker_view", { ...here, walker: this.walkerPath });
      if (!this.root.isConnected) return;
      const walk = this.region.querySelector(".pw-walk");
      const same = walk && !view.error && walk.dataset.fragment === view.fragment &&
        (walk.dataset.node || null) === view.node && walk.dataset.status === view.status;
      if (same) {
        this.current = { page: view.node || "", fragment: view.fragment }; // the page already shows it
        this.root.dataset.status = view.status;
      } else {
        const chosen = this.region.querySelector('input[name="pw-answer"]:checked');
        this.show(view, this.region.contains(document.activeElement) || view.error ? view.focus : null, null);
        const again = chosen && this.region.querySelector(`input[name="pw-answer"][value="${CSS.escape(chosen.value)}"]`);
        if (again) again.checked = true;
      }
      this.root.dataset.ready = "python";
      enableScriptedControls(this.root);
      const queued = this.queued;
      this.queued = null;
      if (queued) queued();
    } catch (error) {
      failed(this.root, error);
      const queued = this.queued;
      this.queued = null;
      if (queued) queued(true);
    }
  }

  show(view, focus, mode) {
    // mode: "push" (a step forward), "replace" (Back, an error, a correction) or null (leave the address).
    this.region.innerHTML = view.html;
    enableScriptedControls(this.region);
    this.root.dataset.status = view.status;
    this.current = { page: view.node || "", fragment: view.fragment };
    const url = new URL(view.url, location.href).href;
    if (mode && url !== location.href) {
      if (mode === "push") {
        walkerTrail.push({ from: location.href, to: url });
        history.pushState(null, "", url);
      } else {
        history.replaceState(history.state, "", url);
      }
    }
    document.title = view.status === "start" ? this.title : `${view.title} – ${this.title}`;
    if (focus) this.focus(focus);
    if (view.announce) this.announce(view.announce);
  }

  focus(what) {
    const targets = { error: "[data-error-summary]", deadlines: ".pw-deadlines", heading: "[data-focus]" };
    const element = this.region.querySelector(targets[what] || targets.heading) || this.region.querySelector("[data-focus]");
    if (!element) return;
    if (!element.matches("input, button, a, [tabindex]")) element.setAttribute("tabindex", "-1");
    element.focus({ preventScroll: true });
    // The top of the step, below the sticky header: the Back link when there is one.
    const top = this.region.querySelector(".pw-walk") || element;
    top.scrollIntoView({ block: "start", behavior: "auto" });
  }

  async go(op, payload, mode) {
    if (this.busy) return;
    this.busy = true;
    try {
      const here = this.current || { page: this.ownPage, fragment: "" };
      const view = await call(op, { ...here, walker: this.walkerPath, ...payload });
      if (this.root.isConnected) this.show(view, view.focus, view.error ? "replace" : mode);
    } catch (error) {
      trouble(this.root, error);
    } finally {
      this.busy = false;
    }
  }

  whenReady(action, fallback) {
    // Before Python: start it and act when it is there; if it cannot start, follow the plain link.
    if (this.ready()) { action(); return; }
    this.queued = (broken) => (broken ? fallback && fallback() : action());
  }

  navigate(href, mode) {
    const target = this.where(href);
    if (!target || (target.page === "" && this.ownPage !== "")) {
      // Outside the walker, or the start page (with its introduction) from a step page: load it.
      if (mode === "replace") location.replace(href);
      else location.assign(href);
      return;
    }
    this.go("walker_view", target, mode);
  }

  onSubmit(event) {
    const form = event.target.closest("form[data-action]");
    if (!form) return;
    event.preventDefault();
    if (form.dataset.action === "answer") {
      const chosen = form.querySelector('input[name="pw-answer"]:checked');
      const option = chosen ? chosen.value : "";
      const href = chosen ? chosen.dataset.href : null;
      this.whenReady(() => this.go("walker_answer", { node: form.dataset.node, option }, "push"),
        () => { if (href) location.assign(href); });
    } else if (form.dataset.action === "set-date") {
      const value = (name) => { const input = form.querySelector(`[name="${name}"]`); return input ? input.value : ""; };
      const payload = { day: value("referral-day"), month: value("referral-month"), year: value("referral-year"), time: value("referral-time") };
      this.whenReady(() => this.go("walker_date", payload, "push"), null);
    }
  }

  onClick(event) {
    if (event.target.closest('button[data-action="print"]')) {
      window.print();
      return;
    }
    const link = event.target.closest("a[data-action]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const action = link.dataset.action;
    if (!this.where(link.href)) return;
    event.preventDefault();
    event.stopPropagation(); // a step of this walker, not a page for instant navigation
    const href = link.href;
    if (action === "back") {
      const last = walkerTrail[walkerTrail.length - 1];
      if (last && last.to === location.href && last.from === new URL(href, location.href).href) {
        walkerTrail.pop();
        history.back(); // the step before, without a new history entry
        return;
      }
      this.whenReady(() => this.navigate(href, "replace"), () => location.replace(href));
      return;
    }
    this.whenReady(() => this.navigate(href, "push"), () => location.assign(href));
  }

  followLocation() {
    if (!this.root.isConnected) {
      window.removeEventListener("popstate", this.onLocation);
      window.removeEventListener("hashchange", this.onLocation);
      return;
    }
    if (!this.ready()) return;
    const here = this.where(location.href);
    if (!here || (this.current && here.page === this.current.page && here.fragment === this.current.fragment)) return;
    const trail = walkerTrail[walkerTrail.length - 1];
    if (trail && trail.from === location.href) walkerTrail.pop();
    this.go("walker_view", here, null);
  }
}

// -- mounting ----------------------------------------------------------------------------------------

const mounted = new WeakMap();
const KINDS = { "referral-checklist": Checklist, "pathway-walker": Walker };

function mount(root) {
  if (mounted.has(root)) return;
  const Kind = KINDS[root.dataset.widget];
  if (!Kind) return;
  const widget = new Kind(root);
  mounted.set(root, widget);
  startWorker(); // the worker downloads and starts Python at once
  if (worker) {
    const ids = (root.dataset.checklists || "").split(/\s+/).filter(Boolean);
    worker.postMessage({ op: "prefetch", widget: root.dataset.widget, ids });
  }
  if (failure) failed(root, new Error(failure));
  else widget.start();
}

function mountAll() {
  for (const root of document.querySelectorAll("[data-widget]")) mount(root);
}

document.addEventListener("pathway:exit", () => {
  checklistMemory = null;
  walkerTrail.length = 0;
  forgetStoredChecklist();
  for (const root of document.querySelectorAll('[data-widget="referral-checklist"]')) {
    const widget = mounted.get(root);
    if (widget) widget.wipe();
  }
});

// This module is loaded async by the tool page's own script tag, after the widget's markup, so it may
// run before the page has finished parsing and before Material's bundle: start the worker's downloads
// now, and mount once the document (and Material's document$, when the theme provides it) is there.
if (document.querySelector("[data-widget]")) startWorker();
function subscribe() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(() => mountAll());
  else mountAll(); // a page without Material's bundle (the embeds)
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
else subscribe();
