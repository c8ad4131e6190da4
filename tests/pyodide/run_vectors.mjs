// Run the shared test vectors in real Pyodide under Node: the same widgets.zip the build ships.
//
//   node tests/pyodide/run_vectors.mjs WIDGETS_ZIP DRIVER_PY SUITES_JSON OUT_JSON
//
// Loads Pyodide from node_modules (the npm package the site copies), unpacks the zip into
// Pyodide's file system exactly as the browser's worker does, then runs vector_driver.main()
// on the suites and writes what Pyodide's Python computed. tests/pyodide/test_pyodide.py
// compares it with CPython; this script only computes.
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [zipPath, driverPath, suitesPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: run_vectors.mjs WIDGETS_ZIP DRIVER_PY SUITES_JSON OUT_JSON");
  process.exit(2);
}

const HOME = "/home/pyodide/pathway";
// Report a failure in one readable line (Node would otherwise print a line of minified Pyodide).
process.on("uncaughtException", (error) => { console.error(String(error && error.stack ? error.message : error)); process.exit(1); });
process.on("unhandledRejection", (error) => { console.error(String(error && error.message ? error.message : error)); process.exit(1); });

const pyodide = await loadPyodide({ stdout: (line) => console.log(line), stderr: (line) => console.error(line) });
pyodide.unpackArchive(new Uint8Array(readFileSync(zipPath)), "zip", { extractDir: HOME });
pyodide.FS.writeFile(`${HOME}/vector_driver.py`, readFileSync(driverPath, "utf8"));
pyodide.FS.writeFile("/tmp/suites.json", readFileSync(suitesPath));
const result = pyodide.runPython(`
import sys
sys.path.insert(0, ${JSON.stringify(HOME)})
import vector_driver
vector_driver.main("/tmp/suites.json")
`);
writeFileSync(outPath, result);
