// A draft paragraph's Markdown as a ProseMirror document, and back, written exactly as Accord keeps it.
//
// Accord stores a paragraph as the Markdown the declaration file carries (workspace/domain/declaration):
// inline CommonMark as markdown-it reads it (Accord renders with markdown-it-py, a port of the same
// markdown-it 14: the same reading of emphasis, links and escapes), bold `**`, italic `*` (Word imports
// and Accord's own files write those), links `[text](address)`, footnote markers `[^1]` with their
// definitions `[^1]: …` as the paragraph's last lines after an empty line (where `split_definitions`
// finds them), a hard line break as two spaces before the line's end, and several paragraphs of its
// own only in a top-level operative paragraph. A heading is one line shown as written: plain text.
//
// `analyse` says whether a text is one the editor can show and give back byte for byte: parsed, then
// written again, it must be the very same text; else the page edits it as Markdown. What markdown-it
// reads from a backslash escape or an entity keeps its spelling (the `source` mark), so an escaped
// bracket stays escaped and a bare one bare. `serialize` writes a document back; where the user typed
// something Markdown would read as markup (a `*`, a `[`…`](`, a `<`), it escapes the fewest characters
// that make the text read back as the document shows it, and checks that it does.

import MarkdownIt from "markdown-it";
import { Schema } from "prosemirror-model";

export const schema = new Schema({
  nodes: {
    doc: { content: "paragraph+ footnote*" },
    // `lead`: the spaces its first line starts with in the text (an import keeps a list item's indentation).
    paragraph: {
      attrs: { lead: { default: "" } },
      content: "inline*",
      parseDOM: [{ tag: "p:not(.fn-def)" }, { tag: "div" }, { tag: "li" }],
      toDOM: () => ["p", 0],
    },
    // A footnote's definition, `[^label]: text`: one line of text.
    footnote: {
      attrs: { label: {} },
      content: "text*",
      marks: "strong em link code source",
      parseDOM: [{ tag: "p.fn-def", getAttrs: (dom) => ({ label: dom.getAttribute("data-label") || "1" }) }],
      toDOM: (node) => ["p", { class: "fn-def", "data-label": node.attrs.label }, 0],
    },
    text: { group: "inline" },
    hard_break: {
      attrs: { markup: { default: "  \n" } }, // two spaces or more, then the line's end
      inline: true,
      group: "inline",
      selectable: false,
      parseDOM: [{ tag: "br" }],
      toDOM: () => ["br"],
    },
    footnote_ref: {
      inline: true,
      group: "inline",
      atom: true,
      attrs: { label: {} },
      parseDOM: [{ tag: "sup.fn-ref", getAttrs: (dom) => ({ label: dom.getAttribute("data-label") || "1" }) }],
      toDOM: (node) => ["sup", { class: "fn-ref", "data-label": node.attrs.label }, `[${node.attrs.label}]`],
    },
  },
  marks: {
    // In this order a run's delimiters open (outermost first).
    link: {
      attrs: { href: {}, title: { default: "" }, auto: { default: false } },
      inclusive: false,
      parseDOM: [{ tag: "a[href]", getAttrs: (dom) => ({ href: dom.getAttribute("href"), title: dom.getAttribute("title") || "" }) }],
      toDOM: (mark) => ["a", { href: mark.attrs.href, title: mark.attrs.title || null, rel: "noopener noreferrer" }, 0],
    },
    strong: {
      attrs: { markup: { default: "**" } },
      parseDOM: [{ tag: "strong" }, { tag: "b" }],
      toDOM: () => ["strong", 0],
    },
    em: {
      attrs: { markup: { default: "*" } },
      parseDOM: [{ tag: "em" }, { tag: "i" }],
      toDOM: () => ["em", 0],
    },
    code: {
      attrs: { markup: { default: "`" } },
      excludes: "strong em code source",
      parseDOM: [{ tag: "code" }],
      toDOM: () => ["code", 0],
    },
    // How the source spelled what it holds: a backslash escape (`\[`) or an entity (`&amp;`).
    source: {
      attrs: { text: {}, content: {} },
      inclusive: false,
      excludes: "",
      toDOM: () => ["span", 0],
    },
  },
});

// -- Reading -------------------------------------------------------------------------------------------------

const SAFE_SCHEMES = ["http:", "https:", "mailto:"];

/** Only web and mail links, relative links and anchors: Accord's rule (workspace/domain/markdown.py). */
export function safeLink(url) {
  const value = url.trim().toLowerCase();
  const head = value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0];
  if (!head.includes(":")) return true;
  return SAFE_SCHEMES.some((scheme) => value.startsWith(scheme));
}

const FOOTNOTE_REF = /^\[\^([^\]\s]+)\](?!\()/;

function footnoteRef(state, silent) {
  if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */) return false;
  const found = FOOTNOTE_REF.exec(state.src.slice(state.pos, state.posMax));
  if (!found) return false;
  if (!silent) state.push("footnote_ref", "", 0).meta = { label: found[1] };
  state.pos += found[0].length;
  return true;
}

// markdown-it's `newline` rule, keeping what it drops: how many spaces make a hard break, the one space
// before a soft break, and the spaces that start the next line (Markdown reads past them; Accord keeps them).
function newline(state, silent) {
  if (state.src.charCodeAt(state.pos) !== 0x0a /* \n */) return false;
  if (!silent) {
    let trail = 0;
    while (trail < state.pending.length && state.pending.charCodeAt(state.pending.length - 1 - trail) === 0x20) trail++;
    state.pending = state.pending.slice(0, state.pending.length - trail);
    const token = state.push(trail >= 2 ? "hardbreak" : "softbreak", "br", 0);
    token.markup = `${" ".repeat(trail)}\n`;
  }
  state.pos++;
  return true;
}

function parser() {
  const md = new MarkdownIt("commonmark", { html: false, linkify: false, typographer: false });
  md.enable("table");
  md.disable(["image", "text_join"]); // escapes and entities stay tokens of their own (their spelling is kept)
  md.validateLink = safeLink;
  md.normalizeLink = (url) => url; // the address as written, not percent-encoded: written back as it was
  md.normalizeLinkText = (url) => url;
  md.inline.ruler.before("link", "footnote_ref", footnoteRef);
  md.inline.ruler.at("newline", newline);
  return md;
}

const md = parser();

// `split_definitions` (workspace/domain/declaration/document.py): the last part after an empty line when
// every line of it is a definition.
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*\S/;
const FOOTNOTE_LINE = /^\[\^([^\]\s]+)\]: (\S.*)$/;

function pyStrip(text, chars) {
  let start = 0;
  let end = text.length;
  const strip = (ch) => (chars ? chars.includes(ch) : /\s/.test(ch));
  while (start < end && strip(text[start])) start++;
  while (end > start && strip(text[end - 1])) end--;
  return text.slice(start, end);
}

export function splitDefinitions(text) {
  const at = text.lastIndexOf("\n\n");
  if (at < 0) return [text, ""];
  const main = text.slice(0, at);
  const lines = pyStrip(text.slice(at + 2), "\n").split("\n");
  if (pyStrip(main) && lines.every((line) => DEFINITION.test(line))) {
    return [main.replace(/\s+$/u, ""), lines.map((line) => pyStrip(line)).join("\n")];
  }
  return [text, ""];
}

class Unsupported extends Error {}

/** Inline tokens as ProseMirror inline nodes. */
function inlineNodes(tokens) {
  const nodes = [];
  let marks = [];
  const text = (value, extra = []) => {
    if (value) nodes.push(schema.text(value, extra.reduce((set, mark) => mark.addToSet(set), marks)));
  };
  for (const token of tokens) {
    switch (token.type) {
      case "text":
        text(token.content);
        break;
      case "text_special":
        text(token.content, [schema.marks.source.create({ text: token.markup, content: token.content })]);
        break;
      case "softbreak":
        if (token.markup === "\n") text("\n");
        else text("\n", [schema.marks.source.create({ text: token.markup, content: "\n" })]);
        break;
      case "hardbreak":
        nodes.push(schema.nodes.hard_break.create({ markup: token.markup }, null, marks));
        break;
      case "footnote_ref":
        nodes.push(schema.nodes.footnote_ref.create({ label: token.meta.label }, null, marks));
        break;
      case "code_inline":
        text(token.content, [schema.marks.code.create({ markup: token.markup })]);
        break;
      case "strong_open":
        marks = schema.marks.strong.create({ markup: token.markup }).addToSet(marks);
        break;
      case "em_open":
        marks = schema.marks.em.create({ markup: token.markup }).addToSet(marks);
        break;
      case "link_open":
        marks = schema.marks.link
          .create({ href: token.attrGet("href"), title: token.attrGet("title") || "", auto: token.info === "auto" })
          .addToSet(marks);
        break;
      case "strong_close":
        marks = schema.marks.strong.removeFromSet(marks);
        break;
      case "em_close":
        marks = schema.marks.em.removeFromSet(marks);
        break;
      case "link_close":
        marks = schema.marks.link.removeFromSet(marks);
        break;
      default:
        throw new Unsupported(token.type);
    }
  }
  return mergeText(nodes);
}

function mergeText(nodes) {
  const out = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (last && last.isText && node.isText && node.sameMarkup(last)) out[out.length - 1] = schema.text(last.text + node.text, last.marks);
    else out.push(node);
  }
  return out;
}

/** The paragraphs of a text (without its definitions) as markdown-it reads them: null when the text is
 * anything but paragraphs (a list, a table, a heading, a link definition …). */
function paragraphs(main) {
  const tokens = md.parse(main, {});
  const lines = main.split("\n");
  const out = [];
  for (let k = 0; k < tokens.length; k += 3) {
    if (tokens[k].type !== "paragraph_open" || tokens[k + 1]?.type !== "inline" || tokens[k + 2]?.type !== "paragraph_close") {
      throw new Unsupported(tokens[k].type);
    }
    const lead = /^[ \t]*/.exec(lines[tokens[k].map[0]])[0];
    out.push(schema.nodes.paragraph.create({ lead }, inlineNodes(tokens[k + 1].children)));
  }
  return out;
}

function footnotes(definitions) {
  if (!definitions) return [];
  return definitions.split("\n").map((line) => {
    const found = FOOTNOTE_LINE.exec(line);
    if (!found) throw new Unsupported("definition"); // a link reference definition: not the editor's
    const nodes = inlineNodes(md.parseInline(found[2], {})[0].children);
    if (nodes.some((node) => !node.isText || node.text.includes("\n"))) throw new Unsupported("footnote");
    return schema.nodes.footnote.create({ label: found[1] }, nodes);
  });
}

/** The document of a paragraph's text; null when markdown-it reads it as something else than paragraphs
 * (and footnotes). A heading is its one line, as written. */
export function parse(text, kind) {
  if (kind === "heading" || !text.trim()) {
    return schema.node("doc", null, [schema.nodes.paragraph.create(null, text ? schema.text(text) : null)]);
  }
  try {
    const [main, definitions] = splitDefinitions(text);
    const blocks = [...paragraphs(main), ...footnotes(definitions)];
    if (!blocks.length || blocks[0].type !== schema.nodes.paragraph) return null;
    return schema.node("doc", null, blocks);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

// -- Writing -------------------------------------------------------------------------------------------------

export class CannotWrite extends Error {}

const WHITESPACE = /^\s$/u;
const ESCAPABLE = "\\`*_[]<&!~";
const EMPHASIS = new Set(["strong", "em"]);

/** A block's content as units: one per character (a `source` spelling whole), break or footnote marker. */
function units(block) {
  const out = [];
  block.forEach((node) => {
    if (node.isText) {
      const source = node.marks.find((mark) => mark.type === schema.marks.source);
      const marks = node.marks.filter((mark) => mark.type !== schema.marks.source);
      const size = source ? source.attrs.content.length : 0;
      if (source && size && node.text === source.attrs.content.repeat(node.text.length / size)) {
        for (let at = 0; at < node.text.length; at += size) out.push({ text: source.attrs.content, raw: source.attrs.text, marks });
      } else {
        for (const ch of node.text) out.push({ text: block.type === schema.nodes.footnote && ch === "\n" ? " " : ch, marks });
      }
    } else if (node.type === schema.nodes.hard_break) {
      out.push({ br: node.attrs.markup, marks: node.marks });
    } else {
      out.push({ footnote: node.attrs.label, marks: node.marks });
    }
  });
  // Markdown drops what a paragraph starts or ends with as space, and the spaces and tabs around a line's end.
  const edge = (unit) => unit.br || unit.text === "\n" || (unit.text !== undefined && !unit.raw && WHITESPACE.test(unit.text));
  while (out.length && edge(out[0])) out.shift();
  while (out.length && edge(out[out.length - 1])) out.pop();
  const inLine = (unit) => unit.text !== undefined && !unit.raw && (unit.text === " " || unit.text === "\t");
  const kept = [];
  out.forEach((unit, k) => {
    if (inLine(unit)) {
      let next = k + 1;
      while (next < out.length && inLine(out[next])) next++;
      if (out[next]?.text === "\n" || out[next]?.br) return; // spaces at a line's end: never written
    }
    kept.push(unit);
  });
  // Bold and italic never start or end on a space (`** a**` is no emphasis): the spaces stand outside.
  for (const type of EMPHASIS) {
    const has = (unit) => unit.marks.some((mark) => mark.type.name === type);
    let k = 0;
    while (k < kept.length) {
      if (!has(kept[k])) { k++; continue; }
      let end = k;
      while (end < kept.length && has(kept[end])) end++;
      let a = k;
      let b = end;
      while (a < b && isSpaceUnit(kept[a])) a++;
      while (b > a && isSpaceUnit(kept[b - 1])) b--;
      for (let j = k; j < end; j++) {
        if (j < a || j >= b) kept[j] = { ...kept[j], marks: kept[j].marks.filter((mark) => mark.type.name !== type) };
      }
      k = end;
    }
  }
  return kept;
}

function isSpaceUnit(unit) {
  return unit.br || (unit.text !== undefined && !unit.raw && WHITESPACE.test(unit.text));
}

function markRank(mark) {
  return ["link", "strong", "em", "code"].indexOf(mark.type.name);
}

function opening(mark, style) {
  switch (mark.type.name) {
    case "link": return mark.attrs.auto ? "<" : "[";
    case "strong": return style.strong || mark.attrs.markup;
    case "em": return style.em || mark.attrs.markup;
    default: return mark.attrs.markup;
  }
}

function destination(href) {
  if (/[\s<>]/.test(href) || !balanced(href)) return `<${href.replace(/[<>]/g, (ch) => `\\${ch}`)}>`;
  return href;
}

function balanced(href) {
  let depth = 0;
  for (let k = 0; k < href.length; k++) {
    if (href[k] === "\\") k++;
    else if (href[k] === "(") depth++;
    else if (href[k] === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

function closing(mark, style) {
  switch (mark.type.name) {
    case "link": {
      if (mark.attrs.auto) return ">";
      const title = mark.attrs.title ? ` "${mark.attrs.title.replace(/(["\\])/g, "\\$1")}"` : "";
      return `](${destination(mark.attrs.href)}${title})`;
    }
    default: return opening(mark, style);
  }
}

/** One block's Markdown; `escapes` holds the units written with a backslash, `lines` whether each line's
 * first character that would open a block is escaped. */
function writeBlock(list, style, escapes, lines) {
  let out = "";
  const open = [];
  const close = (until) => {
    while (open.length > until) out += closing(open.pop(), style);
  };
  let lineStart = true;
  list.forEach((unit, k) => {
    const marks = [...unit.marks].sort((a, b) => markRank(a) - markRank(b));
    let keep = 0;
    while (keep < open.length && marks.some((mark) => mark.eq(open[keep]))) keep++;
    close(keep);
    for (const mark of marks) {
      if (!open.some((other) => other.eq(mark))) {
        out += opening(mark, style);
        open.push(mark);
      }
    }
    const inCode = marks.some((mark) => mark.type === schema.marks.code);
    const autolink = marks.some((mark) => mark.type === schema.marks.link && mark.attrs.auto);
    if (unit.br) out += unit.br;
    else if (unit.footnote !== undefined) out += `[^${unit.footnote}]`;
    else if (unit.raw && !inCode) out += unit.raw;
    else if (inCode || autolink) out += unit.text;
    else if (escapes.has(k)) out += `\\${unit.text}`;
    else if (lines && lineStart) out += lineStartEscaped(list, k);
    else out += unit.text;
    if (unit.br || unit.text === "\n") lineStart = true;
    else if (!(unit.text !== undefined && /^[ \t]$/.test(unit.text) && lineStart)) lineStart = false;
  });
  close(0);
  return out;
}

/** The character at a line's start, escaped if it (with what follows) would open a block. */
function lineStartEscaped(list, k) {
  const ch = list[k].text;
  if ("#>+-=|*_~`".includes(ch)) return `\\${ch}`;
  return ch;
}

function lineStartNumbers(text) {
  // "1. text" or "1) text" at a line's start reads as a list: the delimiter is escaped ("1\.").
  return text.replace(/(^|\n)([ \t]*\d{1,9})([.)])/g, "$1$2\\$3");
}

function writeDoc(doc, style, escapes, lineBlocks) {
  const main = [];
  const notes = [];
  doc.forEach((block, _, index) => {
    const list = units(block);
    if (!list.length) return;
    let written = writeBlock(list, style, escapes.get(index) || new Set(), lineBlocks.has(index));
    if (lineBlocks.has(index)) written = lineStartNumbers(written);
    if (block.type === schema.nodes.footnote) notes.push(`[^${block.attrs.label}]: ${written}`);
    else main.push(block.attrs.lead + written);
  });
  const text = main.join("\n\n");
  return notes.length ? `${text}\n\n${notes.join("\n")}` : text;
}

/** A document's blocks as comparable units: what a reader sees (text, marks, breaks, footnotes). */
function shape(doc) {
  const out = [];
  doc.forEach((block) => {
    const list = units(block);
    if (!list.length) return;
    out.push({
      type: block.type.name,
      label: block.attrs.label ?? block.attrs.lead,
      units: list.map((unit) => ({
        key: unit.br ? "\n<br>" : unit.footnote !== undefined ? `[^${unit.footnote}]` : unit.text,
        marks: unit.marks
          .filter((mark) => !(EMPHASIS.has(mark.type.name) && isSpaceUnit(unit)))
          .map((mark) => (mark.type.name === "link" ? `link ${mark.attrs.href} ${mark.attrs.title}` : mark.type.name))
          .sort()
          .join("|"),
      })),
    });
  });
  return out;
}

/** Where two documents first differ: null if they read the same; {block} for a different structure;
 * {block, unit} for the first unit that differs. */
function difference(want, got) {
  const a = shape(want);
  const b = shape(got);
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    if (!a[k] || !b[k] || a[k].type !== b[k].type || a[k].label !== b[k].label) return { block: k, structure: true };
    const x = a[k].units;
    const y = b[k].units;
    for (let j = 0; j < Math.max(x.length, y.length); j++) {
      if (!x[j] || !y[j] || x[j].key !== y[j].key || x[j].marks !== y[j].marks) return { block: k, unit: j };
    }
  }
  return null;
}

function blockIndex(doc, shown) {
  // The index in `doc` of its `shown`-th block that has content.
  let seen = -1;
  let found = -1;
  doc.forEach((block, _, index) => {
    if (found < 0 && units(block).length && ++seen === shown) found = index;
  });
  return found;
}

const STYLES = [{}, { em: "*", strong: "**" }, { em: "_" }, { strong: "__" }, { em: "_", strong: "__" }];

/** The Markdown of a document, read back by markdown-it as the document shows it; CannotWrite if no
 * spelling found does. A heading is its text, one line. */
export function serialize(doc, kind) {
  if (kind === "heading") {
    const parts = [];
    doc.forEach((block) => parts.push(block.textContent.replace(/\n/g, " ")));
    return parts.join(" ").trim();
  }
  for (const style of STYLES) {
    const escapes = new Map();
    const lineBlocks = new Set();
    for (let tries = 0; tries < 200; tries++) {
      const text = writeDoc(doc, style, escapes, lineBlocks);
      const back = parse(text, kind);
      const diff = back ? difference(doc, back) : { block: 0, structure: true };
      if (!diff) return text;
      if (!diff.structure && escapeBefore(doc, diff, escapes)) continue;
      // A structure read otherwise (a line read as a list, a heading …): escape the lines' first characters.
      const culprit = firstMisread(doc, style);
      if (culprit < 0 || lineBlocks.has(culprit)) break;
      lineBlocks.add(culprit);
    }
  }
  throw new CannotWrite("no spelling reads back as the document");
}

/** The block that, written alone, does not read back as one block of its kind (-1: none). */
function firstMisread(doc, style) {
  let found = -1;
  doc.forEach((block, _, index) => {
    if (found >= 0 || !units(block).length) return;
    const written = writeBlock(units(block), style, new Set(), false);
    const single = schema.node("doc", null, [schema.nodes.paragraph.create(null, block.type === schema.nodes.paragraph ? block.content : block.content)]);
    const back = parse(written, "paragraph");
    if (!back || back.childCount !== 1 || difference(single, back)) found = index;
  });
  return found;
}

/** Escape the last character that could open markup at or before where the reading went astray. */
function escapeBefore(doc, diff, escapes) {
  const index = blockIndex(doc, diff.block);
  if (index < 0) return false;
  const list = units(doc.child(index));
  const taken = escapes.get(index) || new Set();
  for (let k = Math.min(diff.unit, list.length - 1); k >= 0; k--) {
    const unit = list[k];
    if (unit.text === undefined || unit.raw || taken.has(k) || !ESCAPABLE.includes(unit.text)) continue;
    if (unit.marks.some((mark) => mark.type === schema.marks.code || (mark.type === schema.marks.link && mark.attrs.auto))) continue;
    taken.add(k);
    escapes.set(index, taken);
    return true;
  }
  return false;
}

/** What the editor makes of a paragraph's text: its document, and whether it gives the text back exactly
 * (`exact`); a text it cannot show (a table, a link definition …) has no document. */
export function analyse(text, kind) {
  if (kind === "heading") {
    return { doc: text.includes("\n") ? null : parse(text, kind), exact: !text.includes("\n") };
  }
  const doc = parse(text, kind);
  if (!doc) return { doc: null, exact: false };
  let written;
  try {
    written = serialize(doc, kind);
  } catch (error) {
    if (error instanceof CannotWrite) return { doc, exact: false };
    throw error;
  }
  return { doc, exact: written === text };
}
