// `npm test`: the round trip of editor/test/cases.json in node (Chromium runs it too, with the corpus:
// tests/e2e/test_rich_editor_roundtrip_browser.py). Prints each failure and exits 1 if any.
import { readFileSync } from "node:fs";
import { analyse, serialize, schema } from "../src/markdown.js";

const cases = JSON.parse(readFileSync(new URL("./cases.json", import.meta.url), "utf8"));
const failures = [];
for (const [kind, text] of cases.exact) {
  const found = analyse(text, kind);
  if (!found.exact) failures.push(`not exact: ${JSON.stringify(text)}`);
}
for (const [kind, text] of cases.inexact) {
  const found = analyse(text, kind);
  if (found.exact) failures.push(`exact, expected to open as Markdown: ${JSON.stringify(text)}`);
}
for (const [typed, expected] of cases.typed) {
  const doc = schema.node("doc", null, [schema.nodes.paragraph.create(null, schema.text(typed))]);
  const written = serialize(doc, "preambular");
  if (written !== expected) failures.push(`typed ${JSON.stringify(typed)}: ${JSON.stringify(written)}, expected ${JSON.stringify(expected)}`);
}
const total = cases.exact.length + cases.inexact.length + cases.typed.length;
console.log(failures.length ? failures.join("\n") : "");
console.log(`${total - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
