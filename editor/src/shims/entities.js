// markdown-it's `entities` dependency, as the browser has it: the named character references of HTML, decoded by
// the browser's own parser (the same HTML5 table Python's markdown-it-py reads), instead of 70 kB of tables in
// the bundle. Outside a browser (the editor's node tests) only the common ones.
const COMMON = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
let box = null;

export function decodeHTML(text) {
  if (typeof document !== "undefined") {
    box = box || document.createElement("textarea");
    box.innerHTML = text; // one `&name;`: a textarea's content is text, never markup
    return box.value;
  }
  return text.replace(/&([a-z]+);/gi, (all, name) => COMMON[name] ?? all);
}
