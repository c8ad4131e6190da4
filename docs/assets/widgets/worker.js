// The widgets' Python, off the main thread: a module Web Worker running Pyodide.
//
// Started by bridge.js (one worker per tab, reused across Material's instant
// navigation). It loads Pyodide from this site's own copy (../pyodide/), unpacks
// the widgets package (../widgets/widgets.zip) into its file system, fetches the
// widget data exported at build time (data/...json under the site root) and
// answers each message by calling widgets.browser.handle with JSON text.
// Everything it fetches is a same-origin static file; nothing is ever sent.
//
// Downloads start as soon as the worker exists (the bridge creates it when a page with a widget is
// parsed), all in parallel and off the main thread, and so does Python (compiling the WebAssembly as
// it streams in, then starting the interpreter): a tool page's checks and dates are ready as soon as
// the runtime has arrived, not when the browser next idles. This is the worker's own preload: a
// <link rel="preload"> in the page would download the 9.6 MB pyodide.asm.wasm twice wherever the HTTP cache cannot hold it
// (Chromium's in-memory cache, as in a private window), because the worker cannot use the page's
// preload cache.
//
// Messages in:  {op: "prefetch", widget, ids?}  start fetching that widget's data (no reply)
//               {id, op, ...}  where op is a widgets.browser operation, or
//               {id, op: "load", widget: "referral-checklist" | "pathway-walker", ids?: [...]}
// Messages out: {id, ok: true, result} | {id, ok: false, error}
//               {type: "ready", python}   once Python is running
//               {type: "failed", error}   if Pyodide could not start

const here = new URL("./", import.meta.url);
const siteRoot = new URL("../../", import.meta.url);
const pyodideURL = new URL("../pyodide/", import.meta.url);
const SITE_PACKAGES = "/home/pyodide/pathway";
// The runtime version the bridge passed on ("?v=..."): the zip and the data carry it too (see bridge.js).
const VERSION = /^\?v=[0-9a-f]{1,64}$/.test(new URL(import.meta.url).search) ? new URL(import.meta.url).search : "";

function describe(error) {
  return String(error && error.message ? error.message : error);
}

// -- downloads, started now ---------------------------------------------------------------------------

// Pyodide fetches these itself through the global fetch(); each is handed the response already on
// its way (once), so nothing is downloaded twice. Every runtime file is fetched with the runtime
// version ("?v=..."), so hosts can cache them for a year (hosting/): a new version is a new URL.
const early = new Map();
for (const name of ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]) {
  const url = new URL(name, pyodideURL).href;
  early.set(url, fetch(url + VERSION, { credentials: "same-origin" }));
}
// Pyodide does not always give up when a download fails (a failed WebAssembly fetch can leave it
// waiting for ever), so a failed or refused download fails the start-up here, at once.
const downloads = Promise.all(Array.from(early.entries(), ([url, response]) => response.then((r) => {
  if (!r.ok) throw new Error(`${new URL(url).pathname} could not be loaded (${r.status})`);
})));
const DOWNLOADED_BUT_STUCK_MS = 120000; // after every byte has arrived: far beyond any real start-up
const stuck = downloads.then(() => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error("Python did not start")), DOWNLOADED_BUT_STUCK_MS);
}));
downloads.catch(() => {});
stuck.catch(() => {});
const networkFetch = self.fetch.bind(self);
self.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href).href;
  const waiting = early.get(url);
  if (waiting && !(init && init.integrity)) {
    early.delete(url);
    return waiting;
  }
  return networkFetch(input, init);
};

async function fetchOk(url, as) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url.pathname} could not be loaded (${response.status})`);
  return as === "text" ? response.text() : response.arrayBuffer();
}

// The two JavaScript modules: importing both now fetches them side by side (the module map
// shares them with Pyodide's own import later).
const pyodideModule = import(new URL("pyodide.mjs" + VERSION, pyodideURL).href);
const asmModule = import(new URL("pyodide.asm.mjs" + VERSION, pyodideURL).href);
asmModule.catch(() => {});
pyodideModule.catch(() => {});
const widgetsZip = fetchOk(new URL("widgets.zip" + VERSION, here), "bytes");
widgetsZip.catch(() => {});

// -- Python, started at once -------------------------------------------------------------------------

async function boot() {
  const { loadPyodide } = await pyodideModule;
  // createPyodideModule: the versioned pyodide.asm.mjs imported above, not Pyodide's own unversioned import.
  const pyodide = await loadPyodide({ indexURL: pyodideURL.href, packages: [], stdout: () => {}, stderr: () => {},
                                      createPyodideModule: (await asmModule).default });
  pyodide.unpackArchive(await widgetsZip, "zip", { extractDir: SITE_PACKAGES });
  pyodide.runPython(`import sys\nif ${JSON.stringify(SITE_PACKAGES)} not in sys.path: sys.path.insert(0, ${JSON.stringify(SITE_PACKAGES)})`);
  const handle = pyodide.pyimport("widgets.browser").handle;
  const version = pyodide.runPython("import sys; sys.version.split()[0]");
  return { handle: (request) => handle(JSON.stringify(request)), version };
}

let python = null;
function booted() {
  if (!python) {
    python = Promise.race([boot(), downloads.then(() => stuck)]);
    python.then(
      (py) => self.postMessage({ type: "ready", python: py.version }),
      (error) => self.postMessage({ type: "failed", error: describe(error) }),
    );
  }
  return python;
}

booted();

// -- widget data and requests ---------------------------------------------------------------------------

// Widget data, fetched once per worker, from the moment the bridge names it.
const data = new Map();
function load(url) {
  const key = url.href;
  if (!data.has(key)) data.set(key, fetchOk(url, "text"));
  return data.get(key);
}

const DATA_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const base = siteRoot.pathname;

function dataFiles(message) {
  if (message.widget === "referral-checklist") {
    const ids = (message.ids || []).filter((id) => DATA_ID.test(id));
    if (!ids.length) throw new Error("the checklist names no data");
    return ids.map((id) => new URL(`data/checklists/${id}.json${VERSION}`, siteRoot));
  }
  if (message.widget === "pathway-walker") return [new URL(`data/pathway.json${VERSION}`, siteRoot)];
  throw new Error(`unknown widget ${String(message.widget).slice(0, 40)}`);
}

async function request(message) {
  if (message.op === "load") {
    const texts = await Promise.all(dataFiles(message).map(load));
    const py = await booted();
    if (message.widget === "referral-checklist") return py.handle({ op: "load_checklist", checklists: texts, base });
    return py.handle({ op: "load_walker", pathway: texts[0], base });
  }
  return (await booted()).handle(message);
}

// One message at a time, in order: replies come back in the order the page asked.
let queue = Promise.resolve();
self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.op === "prefetch") {
    try {
      for (const url of dataFiles(message)) load(url).catch(() => {});
    } catch (error) { /* reported by the load request */ }
    return;
  }
  queue = queue.then(async () => {
    try {
      const reply = JSON.parse(await request(message));
      self.postMessage({ id: message.id, ...reply });
    } catch (error) {
      self.postMessage({ id: message.id, ok: false, error: describe(error) });
    }
  });
});
