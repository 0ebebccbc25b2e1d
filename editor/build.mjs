// `make editor` (or `npm run build`): the bundle Accord serves, minified, into workspace/web/static/editor/,
// with the licences of what it bundles. The built files are committed: running and testing Accord needs no npm.
import { build } from "esbuild";
import { readFileSync, writeFileSync, existsSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "workspace", "web", "static", "editor");

// What markdown-it loads but the editor does not use (or takes from the browser), left out of the bundle.
const shims = {
  name: "shims",
  setup(found) {
    const to = { entities: "entities.js", "linkify-it": "unused.js", "punycode.js": "unused.js" };
    found.onResolve({ filter: /^(entities|linkify-it|punycode\.js)$/ }, (args) => ({ path: join(here, "src", "shims", to[args.path]) }));
  },
};

const js = await build({
  plugins: [shims],
  entryPoints: [join(here, "src", "index.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  metafile: true,
  outfile: join(out, "editor.js"),
});
// The shared room alone, for pages without the rich editor (the translation editor's plain boxes).
await build({
  entryPoints: [join(here, "src", "room-entry.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  outfile: join(out, "room.js"),
});
await build({
  entryPoints: [join(here, "src", "editor.css")],
  bundle: true,
  minify: true,
  outfile: join(out, "editor.css"),
});

// The licence of every package bundled, from its own folder.
const packages = new Set();
for (const input of Object.keys(js.metafile.inputs)) {
  const found = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (found) packages.add(found[1]);
}
const notices = [...packages].sort().map((name) => {
  const folder = join(here, "node_modules", name);
  const meta = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "license"].map((f) => join(folder, f)).find(existsSync);
  const text = file ? readFileSync(file, "utf8").trim() : `${meta.license}`;
  return `${name} ${meta.version} (${meta.license})\n\n${text}\n`;
});
writeFileSync(
  join(out, "LICENSES.txt"),
  `Third-party code in editor.js and room.js (built from editor/ by \`make editor\`; room.js bundles yjs, y-protocols and lib0 only):\n\n${notices.join("\n" + "-".repeat(72) + "\n\n")}`,
);

for (const name of ["editor.js", "room.js", "editor.css"]) {
  const bytes = readFileSync(join(out, name));
  console.log(`${name}: ${statSync(join(out, name)).size} bytes, ${gzipSync(bytes).length} gzipped`);
}
