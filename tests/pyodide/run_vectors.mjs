// Run the shared test vectors in real Pyodide under Node: the same widgets.zip the build ships.
//
//   node tests/pyodide/run_vectors.mjs WIDGETS_ZIP DRIVER_PY SUITES_JSON OUT_JSON [STDLIB_ZIP LOCK_JSON]
//
// With STDLIB_ZIP and LOCK_JSON, Pyodide starts from those instead of its own full files: the
// trimmed standard library and lock file the build ships (generator/stdlib.py), so a module the
// widgets need but the trimmed zip lacks fails here as an ImportError. The output also lists every
// module imported from the standard-library zip ("stdlib_loaded"), which is how the trimmed zip's
// module list is recorded (tests/pyodide/record_stdlib.py).
//
// Loads Pyodide from node_modules (the npm package the site copies), unpacks the zip into
// Pyodide's file system exactly as the browser's worker does, then runs vector_driver.main()
// on the suites and writes what Pyodide's Python computed. tests/pyodide/test_pyodide.py
// compares it with CPython; this script only computes.
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [zipPath, driverPath, suitesPath, outPath, stdlibPath, lockPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: run_vectors.mjs WIDGETS_ZIP DRIVER_PY SUITES_JSON OUT_JSON");
  process.exit(2);
}

const HOME = "/home/pyodide/pathway";
// Report a failure in one readable line (Node would otherwise print a line of minified Pyodide).
process.on("uncaughtException", (error) => { console.error(String(error && error.stack ? error.message : error)); process.exit(1); });
process.on("unhandledRejection", (error) => { console.error(String(error && error.message ? error.message : error)); process.exit(1); });

const options = { stdout: (line) => console.log(line), stderr: (line) => console.error(line) };
if (stdlibPath) options.stdLibURL = stdlibPath;
if (lockPath) options.lockFileContents = readFileSync(lockPath, "utf8");
const pyodide = await loadPyodide(options);
pyodide.unpackArchive(new Uint8Array(readFileSync(zipPath)), "zip", { extractDir: HOME });
pyodide.FS.writeFile(`${HOME}/vector_driver.py`, readFileSync(driverPath, "utf8"));
pyodide.FS.writeFile("/tmp/suites.json", readFileSync(suitesPath));
const result = pyodide.runPython(`
import sys
sys.path.insert(0, ${JSON.stringify(HOME)})
import vector_driver
vector_driver.main("/tmp/suites.json")
`);
// A Python exception reaching JavaScript is formatted by Pyodide (as the worker's would be): the
// modules that takes are part of what the widgets need.
try { pyodide.runPython("raise ValueError('a failing request')"); } catch (error) { /* expected */ }
const loaded = pyodide.runPython(`
import importlib.util, json, sys
stdlib = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"
json.dumps({"magic": importlib.util.MAGIC_NUMBER.hex(),
            "loaded": sorted(name for name, module in list(sys.modules.items())
                             if str(getattr(getattr(module, "__spec__", None), "origin", "") or "").startswith(stdlib))})
`);
const out = JSON.parse(result);
const stdlib = JSON.parse(loaded);
out.stdlib_loaded = stdlib.loaded;
out.magic = stdlib.magic;
writeFileSync(outPath, JSON.stringify(out));
