// Compile the trimmed standard library to .pyc inside Pyodide itself, under Node.
//
//   node generator/compile_stdlib.mjs SOURCES_ZIP OUT_ZIP PYODIDE_DIR
//
// The host's CPython (3.11+) writes bytecode for its own version; the browser runs Pyodide's
// CPython (3.14), whose magic number differs, so only Pyodide can compile for Pyodide. This runs
// py_compile in the same Pyodide the site ships: the folder the build copies it from (the project's
// node_modules/pyodide, --runtime DIR or PATHWAY_PYODIDE), imported by its path, because a bare
// `import "pyodide"` resolves from this script's own folder (the checkout's node_modules, or nothing
// in an installed wheel) whatever folder the build was told to use. It runs
// with unchecked-hash .pyc files (no timestamps: the output depends only on the sources), and writes
// a zip of the .pyc files named as zipimport looks them up. It prints {"magic": hex, "python": ver}.
// generator/stdlib.py calls it and keeps the result (generator/artifact_cache.py).
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [sourcesPath, outPath, pyodideDir] = process.argv.slice(2);
if (!pyodideDir) {
  console.error("usage: compile_stdlib.mjs SOURCES_ZIP OUT_ZIP PYODIDE_DIR");
  process.exit(2);
}
process.on("uncaughtException", (error) => { console.error(String(error && error.message ? error.message : error)); process.exit(1); });
process.on("unhandledRejection", (error) => { console.error(String(error && error.message ? error.message : error)); process.exit(1); });

const folder = resolve(pyodideDir);
const { loadPyodide } = await import(pathToFileURL(join(folder, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: folder + "/", stdout: (line) => console.error(line), stderr: (line) => console.error(line),
});
pyodide.FS.mkdirTree("/tmp/src");
pyodide.unpackArchive(new Uint8Array(readFileSync(sourcesPath)), "zip", { extractDir: "/tmp/src" });
const magic = pyodide.runPython(`
import importlib.util, io, os, py_compile, sys, zipfile
stdlib = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"
names = sorted(
    os.path.relpath(os.path.join(folder, name), "/tmp/src")
    for folder, _dirs, files in os.walk("/tmp/src") for name in files if name.endswith(".py")
)
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
    for name in names:
        target = "/tmp/pyc/" + name + "c"
        py_compile.compile("/tmp/src/" + name, cfile=target, dfile=f"{stdlib}/{name}", doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
        info = zipfile.ZipInfo(name + "c", date_time=(2020, 1, 1, 0, 0, 0))
        with open(target, "rb") as handle:
            archive.writestr(info, handle.read())
with open("/tmp/out.zip", "wb") as handle:
    handle.write(buffer.getvalue())
importlib.util.MAGIC_NUMBER.hex() + " " + sys.version.split()[0]
`);
writeFileSync(outPath, pyodide.FS.readFile("/tmp/out.zip"));
const [hex, python] = magic.split(" ");
console.log(JSON.stringify({ magic: hex, python }));
