// The rich editor of a draft paragraph, put over the edit form's Markdown box (which stays the form's field).
//
// The form is the one the server renders (workspace/web/templates/declaration/paragraph.html): `text` (the
// Markdown), `base_revision`, `kind`, `depth` and `marker`. In rich mode the box and the place fields are
// hidden and the editor writes them: the text as Accord keeps it (markdown.js), the place from the list
// buttons. One click on "Markdown" shows the box again (and is remembered); a text the editor cannot give
// back exactly opens in the box, unchanged, with a note. The labels come from the mount's data attributes,
// translated by the page.

import { EditorState, Selection, TextSelection, Plugin, PluginKey } from "prosemirror-state";
import { Slice } from "prosemirror-model";
import { EditorView, Decoration, DecorationSet } from "prosemirror-view";
import { keymap } from "prosemirror-keymap";
import { history, undo, redo } from "prosemirror-history";
import { baseKeymap, toggleMark, splitBlock } from "prosemirror-commands";
import { schema, analyse, serialize, safeLink, CannotWrite } from "./markdown.js";

const MODE = "accord-editor-mode"; // localStorage: "markdown" for whoever prefers the box
const BULLETS = ["-", "*", "+"];
const controllers = new WeakMap(); // mount → what attach gave for it
let made = 0;

function element(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

const SVG = "http://www.w3.org/2000/svg";
function icon(paths) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("width", "18");
  svg.setAttribute("height", "18");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const d of paths) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

const ICONS = {
  strong: () => element("b", { "aria-hidden": "true" }, ["B"]),
  em: () => element("i", { "aria-hidden": "true" }, ["I"]),
  link: () => icon(["M8.5 11.5l3-3", "M9 6l1.5-1.5a3 3 0 0 1 4.2 4.2L13 10.5", "M11 14l-1.5 1.5a3 3 0 0 1-4.2-4.2L7 9.5"]),
  footnote: () => element("span", { "aria-hidden": "true" }, ["x", element("sup", {}, ["1"])]),
  bullet: () => icon(["M4 5h1", "M8 5h9", "M4 10h1", "M8 10h9", "M4 15h1", "M8 15h9"]),
  numbered: () => element("span", { "aria-hidden": "true" }, ["1."]),
  outdent: () => icon(["M9 5h8", "M9 10h8", "M9 15h8", "M6 7.5L3 10l3 2.5"]),
  indent: () => icon(["M9 5h8", "M9 10h8", "M9 15h8", "M3 7.5L6 10l-3 2.5"]),
};

function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return Boolean(type.isInSet(state.storedMarks || $from.marks()));
  return state.doc.rangeHasMark(from, to, type);
}

/** The extent of the mark of `type` around `pos` in its textblock, or null. */
function markExtent(doc, pos, type) {
  const $pos = doc.resolve(pos);
  const parent = $pos.parent;
  const start = $pos.start();
  let found = null;
  let offset = 0;
  const ranges = [];
  parent.forEach((child) => {
    const mark = type.isInSet(child.marks);
    const from = start + offset;
    offset += child.nodeSize;
    const last = ranges[ranges.length - 1];
    if (mark && last && last.mark.eq(mark) && last.to === from) last.to = start + offset;
    else if (mark) ranges.push({ mark, from, to: start + offset });
  });
  for (const range of ranges) if (range.from <= pos && pos <= range.to) found = range;
  return found;
}

function nextLabel(doc, page) {
  // After every numbered marker of this text and of the page around it (Accord shows markers as written, "[^3]").
  let highest = 0;
  for (const found of (page || "").matchAll(/\[\^(\d{1,6})\]/g)) highest = Math.max(highest, Number(found[1]));
  doc.descendants((node) => {
    if (node.type === schema.nodes.footnote_ref || node.type === schema.nodes.footnote) {
      const value = Number.parseInt(node.attrs.label, 10);
      if (String(value) === node.attrs.label) highest = Math.max(highest, value);
    }
  });
  return String(highest + 1);
}

function storedMode() {
  try {
    return window.localStorage.getItem(MODE);
  } catch {
    return null;
  }
}

function storeMode(mode) {
  try {
    window.localStorage.setItem(MODE, mode);
  } catch {
    /* a browser that keeps nothing: the choice lasts the page */
  }
}

/** Put the rich editor on an edit form that has a `[data-rich-editor]` mount; `focus` puts the caret in it. */
// -- a shared room's other writers (room.js): their carets, and places in the Markdown as places in the document ---
const REMOTE = "accord-remote"; // a transaction that brings what the room's other writers typed
const caretsKey = new PluginKey("room-carets");
const carets = new Plugin({
  key: caretsKey,
  state: {
    init: () => DecorationSet.empty,
    apply: (tr, set) => (tr.getMeta(caretsKey) !== undefined ? tr.getMeta(caretsKey) : set.map(tr.mapping, tr.doc)),
  },
  props: { decorations: (state) => caretsKey.getState(state) },
});

/** Each letter of the document with its position: what a place in the Markdown is matched against. */
function letters(doc) {
  const found = [];
  doc.descendants((node, pos) => {
    if (node.isText) for (let i = 0; i < node.text.length; i += 1) found.push({ pos: pos + i, ch: node.text[i] });
    else if (node.type.name === "hard_break") found.push({ pos, ch: "\n" });
  });
  return found;
}

/** The document's position of `offset` in its Markdown: the letters matched in order, markup skipped. */
function positionOf(doc, markdown, offset) {
  const all = letters(doc);
  let j = 0;
  for (let i = 0; i < offset && j < all.length; i += 1) if (markdown[i] === all[j].ch) j += 1;
  if (j < all.length) return all[j].pos;
  return all.length ? all[all.length - 1].pos + 1 : 1;
}

/** The Markdown's offset of position `pos` of the document (the converse of positionOf). */
function offsetOf(doc, markdown, pos) {
  const all = letters(doc);
  const before = all.filter((letter) => letter.pos < pos).length;
  let j = 0;
  let i = 0;
  while (i < markdown.length && j < before) {
    if (markdown[i] === all[j].ch) j += 1;
    i += 1;
  }
  return i;
}

function caretWidget(name, colour) {
  // Colours by class (editor.css): the pages' Content-Security-Policy allows no inline style.
  const node = element("span", { class: `room-caret room-colour-${colour}` }, [element("span", { class: "room-caret-name" }, [name])]);
  node.setAttribute("aria-hidden", "true");
  return node;
}

export function attach(form, { focus = false } = {}) {
  const mount = form.querySelector("[data-rich-editor]");
  const box = form.querySelector("textarea[name=text]");
  if (!mount || !box) return null;
  if (controllers.has(mount)) {
    if (focus) controllers.get(mount).focus();
    return controllers.get(mount);
  }
  const t = mount.dataset;
  const id = `rich-${++made}`;
  const boxLabel = box.id ? form.querySelector(`label[for="${box.id}"]`) : null;
  const kindField = form.elements.namedItem("kind");
  const depthField = form.elements.namedItem("depth");
  const markerField = form.elements.namedItem("marker");
  const place = depthField ? depthField.closest("fieldset") : null;
  const kind = () => (kindField && kindField.value) || t.kind || "preambular";

  // -- the parts ---------------------------------------------------------------------------------------------
  const buttons = {};
  const button = (name, label, shortcut) => {
    const node = element(
      "button",
      {
        type: "button",
        "data-command": name,
        "aria-label": label,
        title: shortcut ? `${label} (${shortcut.replace("Control", "Ctrl")})` : label,
        "aria-keyshortcuts": shortcut || null,
        tabindex: "-1",
      },
      [ICONS[name]()],
    );
    buttons[name] = node;
    return node;
  };
  const toolbar = element("div", { role: "toolbar", class: "rich-toolbar", "aria-label": t.toolbar, "aria-controls": `${id}-surface` }, [
    element("span", { class: "rich-group" }, [
      button("strong", t.bold, "Control+B"),
      button("em", t.italic, "Control+I"),
      button("link", t.link, "Control+K"),
      button("footnote", t.footnote),
    ]),
    element("span", { class: "rich-group" }, [
      button("bullet", t.bullet),
      button("numbered", t.numbered),
      button("outdent", t.outdent),
      button("indent", t.indent),
    ]),
  ]);
  for (const name of ["strong", "em", "bullet", "numbered"]) buttons[name].setAttribute("aria-pressed", "false");
  buttons.strong.tabIndex = 0;
  const toggle = element("button", { type: "button", class: "secondary small rich-toggle", "aria-pressed": "false", "aria-controls": `${id}-surface ${box.id || ""}`.trim() }, [t.markdown]);
  const placeShown = element("span", { class: "rich-place muted small", id: `${id}-place` });
  const address = element("input", { id: `${id}-address`, type: "text", inputmode: "url", autocomplete: "off", spellcheck: "false" });
  const linkError = element("p", { class: "error-message", id: `${id}-address-error`, role: "alert", hidden: true });
  const applyLink = element("button", { type: "button", class: "small" }, [t.apply]);
  const removeLink = element("button", { type: "button", class: "secondary small" }, [t.unlink]);
  const cancelLink = element("button", { type: "button", class: "secondary small" }, [t.cancel]);
  const linkPanel = element("div", { class: "rich-link", hidden: true }, [
    element("label", { for: address.id }, [t.address]),
    address,
    element("span", { class: "rich-link-buttons" }, [applyLink, removeLink, cancelLink]),
    linkError,
  ]);
  const note = element("p", { class: "rich-note", id: `${id}-note`, role: "status" });
  const surface = element("div", { class: "rich-surface", id: `${id}-surface` });
  const marker = element("span", { class: "rich-marker", "aria-hidden": "true" });
  const frame = element("div", { class: "rich-frame" }, [marker, surface]);
  // The toggle first: Shift+Tab from the text reaches the toolbar (Alt+F10 too).
  const bar = element("div", { class: "rich-bar" }, [toggle, toolbar, placeShown]);
  const label = element("span", { class: "rich-label", id: `${id}-label` }, [t.label]);
  mount.replaceChildren(label, bar, linkPanel, note, frame);
  mount.hidden = false;
  mount.classList.add("rich");

  // -- the editor --------------------------------------------------------------------------------------------
  let view = null;
  const hooks = { onChange: null, onCaret: null }; // a shared room's (room.js): what was typed, where the caret is
  let changed = false; // the document changed since the text was read: the box is written from it
  let unwritable = false;
  let linkRange = null;

  const isHeading = () => kind() === "heading";
  const depth = () => Number.parseInt((depthField && depthField.value) || "0", 10) || 0;
  const markerValue = () => ((markerField && markerField.value) || "").trim();
  const allowsParagraphs = () => kind() === "operative" && depth() === 0;

  const write = () => {
    if (!view || !changed) return true;
    try {
      box.value = serialize(view.state.doc, kind());
      unwritable = false;
      return true;
    } catch (error) {
      if (!(error instanceof CannotWrite)) throw error;
      unwritable = true;
      return false;
    }
  };

  const pageText = () => (document.querySelector("main") || document.body).textContent || "";
  const inFootnote = (state) => state.selection.$from.parent.type === schema.nodes.footnote;

  const commands = {
    strong: (state, dispatch) => !isHeading() && toggleMark(schema.marks.strong)(state, dispatch),
    em: (state, dispatch) => !isHeading() && toggleMark(schema.marks.em)(state, dispatch),
    // A footnote marker `[^n]` where the caret is. Its note, `[^n]: …`, is the text's last line after an empty line
    // where Accord keeps it in the paragraph (an operative paragraph at the top level, which may hold several
    // paragraphs); elsewhere the note belongs in a paragraph of notes of its own, and the page says so.
    footnote: (state, dispatch) => {
      if (isHeading() || inFootnote(state)) return false;
      if (dispatch) {
        const label = nextLabel(state.doc, pageText());
        const tr = state.tr.replaceSelectionWith(schema.nodes.footnote_ref.create({ label }), true);
        if (allowsParagraphs()) {
          const end = tr.doc.content.size;
          tr.insert(end, schema.nodes.footnote.create({ label }));
          tr.setSelection(TextSelection.create(tr.doc, end + 1));
        } else {
          say(t.notes);
        }
        dispatch(tr.scrollIntoView());
      }
      return true;
    },
  };

  const toEdge = (end, extend) => (state, dispatch) => {
    const edge = end ? Selection.atEnd(state.doc) : Selection.atStart(state.doc);
    const selection = extend ? TextSelection.create(state.doc, state.selection.anchor, edge.head) : edge;
    if (dispatch) dispatch(state.tr.setSelection(selection).scrollIntoView());
    return true;
  };

  const keys = {
    "Mod-b": (state, dispatch) => commands.strong(state, dispatch) || true,
    "Mod-i": (state, dispatch) => commands.em(state, dispatch) || true,
    "Mod-k": () => {
      openLink();
      return true;
    },
    "Mod-z": undo,
    "Mod-y": redo,
    "Shift-Mod-z": redo,
    // To the text's start or end (extending the selection with Shift): the browser's own move left the caret where it
    // was when it stood in a footnote after a marker the editor draws (a non-editable element).
    "Mod-Home": toEdge(false, false),
    "Mod-End": toEdge(true, false),
    "Shift-Mod-Home": toEdge(false, true),
    "Shift-Mod-End": toEdge(true, true),
    "Alt-F10": () => {
      focusToolbar();
      return true;
    },
    Enter: (state, dispatch) => {
      // A new paragraph of the text only where Accord keeps several (a top-level operative paragraph).
      if (state.selection.$from.parent.type !== schema.nodes.paragraph || !allowsParagraphs()) return true;
      return splitBlock(state, dispatch && ((tr) => {
        const { $from } = tr.selection; // the new paragraph starts at no indentation of its own
        if ($from.parent.attrs.lead) tr.setNodeMarkup($from.before(), null, { lead: "" });
        dispatch(tr);
      }));
    },
    "Shift-Enter": (state, dispatch) => {
      if (isHeading() || inFootnote(state)) return true;
      if (dispatch) dispatch(state.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView());
      return true;
    },
  };

  const plainInHeading = new Plugin({
    props: {
      transformPasted: (slice) => {
        if (!isHeading()) return slice;
        const text = [];
        slice.content.forEach((node) => text.push(node.textContent.replace(/\n/g, " ")));
        const joined = text.join(" ");
        return joined ? new Slice(schema.nodes.paragraph.create(null, schema.text(joined)).content, 0, 0) : slice;
      },
    },
  });

  // Each of our keys acts where the caret is now: a selection the browser changed an instant before (an arrow key
  // pressed just before) is read first.
  const settled = Object.fromEntries(
    Object.entries(keys).map(([key, command]) => [
      key,
      (state, dispatch, editor) => {
        settle();
        return command(editor ? editor.state : state, dispatch && (editor ? editor.dispatch : dispatch), editor);
      },
    ]),
  );
  const makeState = (doc) =>
    EditorState.create({ doc, plugins: [history(), keymap(settled), keymap(baseKeymap), plainInHeading, carets] });

  const mountView = (doc) => {
    changed = false;
    unwritable = false;
    if (view) {
      view.updateState(makeState(doc));
      refresh();
      return;
    }
    view = new EditorView(surface, {
      state: makeState(doc),
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": `${id}-label`,
        "aria-describedby": `${id}-place`,
        spellcheck: "true",
        lang: box.getAttribute("lang") || "",
        class: "para-text",
        // What ProseMirror's stylesheet says, said here too: until that sheet (loaded beside the bundle) applies, a space
        // typed at the end of a line was a no-break space in Chrome, and reached the saved Markdown as one.
        style: "white-space: break-spaces",
      },
      dispatchTransaction(tr) {
        view.updateState(view.state.apply(tr));
        if (tr.docChanged) {
          changed = true;
          write();
          if (!tr.getMeta(REMOTE) && hooks.onChange) hooks.onChange();
        }
        if ((tr.docChanged || tr.selectionSet) && !tr.getMeta(REMOTE) && hooks.onCaret) hooks.onCaret();
        refresh();
      },
    });
  };

  // -- modes -------------------------------------------------------------------------------------------------
  let mode = "rich";
  const show = (next, message = "") => {
    mode = next;
    const rich = next === "rich";
    for (const part of [box, boxLabel, place]) {
      if (part) {
        part.hidden = rich;
        part.toggleAttribute("data-rich-hidden", rich);
      }
    }
    toolbar.hidden = !rich;
    label.hidden = !rich;
    placeShown.hidden = !rich;
    frame.hidden = !rich;
    if (!rich) linkPanel.hidden = true;
    toggle.setAttribute("aria-pressed", String(!rich));
    say(message);
    refresh();
  };

  function say(message) {
    note.textContent = message || "";
    note.hidden = !message;
  }

  /** Rich mode with the box's text, if the editor gives it back exactly; else the box, with a note. */
  const toRich = () => {
    const found = analyse(box.value, kind());
    if (!found.doc || !found.exact) {
      show("markdown", t.inexact);
      return false;
    }
    mountView(found.doc);
    show("rich");
    return true;
  };

  const toMarkdown = (message = "") => {
    write();
    show("markdown", message);
  };

  toggle.addEventListener("click", () => {
    if (mode === "rich") {
      if (!write()) {
        toMarkdown(t.unwritable);
      } else {
        toMarkdown();
        storeMode("markdown");
      }
      box.focus();
    } else {
      storeMode("rich");
      if (toRich()) view.focus();
    }
  });

  if (kindField) {
    kindField.addEventListener("change", () => {
      if (mode !== "rich") {
        refresh();
        return;
      }
      if (!write()) toMarkdown(t.unwritable);
      else toRich();
    });
  }

  form.addEventListener(
    "submit",
    (event) => {
      if (mode !== "rich") return;
      if (!write()) {
        event.preventDefault();
        event.stopImmediatePropagation();
        toMarkdown(t.unwritable);
        box.focus();
      }
    },
    true,
  );

  // -- the place in the lists: the form's own depth and marker fields ----------------------------------------
  const setPlace = (nextDepth, nextMarker) => {
    if (depthField) {
      depthField.value = String(nextDepth);
      depthField.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (markerField) {
      markerField.value = nextMarker;
      markerField.dispatchEvent(new Event("input", { bubbles: true }));
    }
    refresh();
  };
  const deepest = () => (depthField && depthField.options ? depthField.options.length - 1 : 3);
  const placeCommands = {
    bullet: () => {
      const bulleted = BULLETS.includes(markerValue());
      if (bulleted) setPlace(depth(), "");
      else setPlace(kind() === "operative" && depth() === 0 ? 1 : depth(), "-");
    },
    numbered: () => {
      if (/^\d{1,9}[.)]$/.test(markerValue())) setPlace(depth(), "");
      else setPlace(depth(), "1.");
    },
    outdent: () => {
      const next = Math.max(depth() - 1, 0);
      const mark = markerValue();
      setPlace(next, next === 0 && kind() === "operative" ? "" : mark);
    },
    indent: () => {
      const mark = markerValue();
      setPlace(Math.min(depth() + 1, deepest()), depth() === 0 && (mark === "" || mark === ")") ? "-" : mark);
    },
  };

  // -- the link panel ----------------------------------------------------------------------------------------
  const openLink = () => {
    if (!view || isHeading()) return;
    const { from, to, empty } = view.state.selection;
    const around = markExtent(view.state.doc, from, schema.marks.link);
    linkRange = empty && around ? { from: around.from, to: around.to } : { from, to };
    const current = around || (empty ? null : markExtent(view.state.doc, to, schema.marks.link));
    address.value = current ? current.mark.attrs.href : "";
    removeLink.hidden = !current;
    linkError.hidden = true;
    address.removeAttribute("aria-invalid");
    address.removeAttribute("aria-describedby");
    linkPanel.hidden = false;
    address.focus();
    address.select();
  };
  const closeLink = () => {
    linkPanel.hidden = true;
    linkRange = null;
    if (view) view.focus();
  };
  const setLink = () => {
    const href = address.value.trim();
    if (!href) {
      unsetLink();
      return;
    }
    if (!safeLink(href) || /[\u0000-\u001f]/.test(href)) {
      linkError.textContent = t.unsafe;
      linkError.hidden = false;
      address.setAttribute("aria-invalid", "true");
      address.setAttribute("aria-describedby", linkError.id);
      address.focus();
      return;
    }
    const { from, to } = linkRange || view.state.selection;
    const mark = schema.marks.link.create({ href });
    const tr = view.state.tr;
    if (from === to) {
      tr.insert(from, schema.text(href, [mark]));
    } else {
      tr.removeMark(from, to, schema.marks.link).addMark(from, to, mark);
    }
    view.dispatch(tr.scrollIntoView());
    closeLink();
  };
  const unsetLink = () => {
    if (linkRange && linkRange.from !== linkRange.to) view.dispatch(view.state.tr.removeMark(linkRange.from, linkRange.to, schema.marks.link));
    closeLink();
  };
  applyLink.addEventListener("click", setLink);
  removeLink.addEventListener("click", unsetLink);
  cancelLink.addEventListener("click", closeLink);
  address.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // never the form's submit
      setLink();
    } else if (event.key === "Escape") {
      event.preventDefault();
      closeLink();
    }
  });
  linkPanel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      closeLink();
    }
  });

  // What the caret did last (an arrow key just before the focus left the text) may not be read yet: read it now,
  // so that a button acts where the caret is.
  const settle = () => {
    if (view && view.domObserver && typeof view.domObserver.flush === "function") view.domObserver.flush();
  };
  surface.addEventListener("keyup", settle); // while the text has the focus (once it has left, nothing is read)

  // -- the toolbar: one tab stop, the arrow keys between its buttons (WAI-ARIA toolbar pattern) --------------
  const enabledButtons = () => [...toolbar.querySelectorAll("button")].filter((b) => !b.disabled);
  const focusToolbar = () => {
    const current = enabledButtons().find((b) => b.tabIndex === 0) || enabledButtons()[0];
    if (current) current.focus();
  };
  let lastUsed = null; // the toolbar's tab stop: the button used last, while it can be used
  const rove = (target) => {
    lastUsed = target;
    for (const b of toolbar.querySelectorAll("button")) b.tabIndex = b === target ? 0 : -1;
    target.focus();
  };
  toolbar.addEventListener("keydown", (event) => {
    const list = enabledButtons();
    const at = list.indexOf(document.activeElement);
    if (at < 0) return;
    const go = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: list.length - 1 }[event.key];
    if (go !== undefined) {
      event.preventDefault();
      rove(list[(go + list.length) % list.length]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (view) view.focus();
    }
  });
  toolbar.addEventListener("mousedown", (event) => {
    if (event.target.closest("button")) event.preventDefault(); // the editor keeps its selection
  });
  toolbar.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    if (!target || target.disabled || !view) return;
    const name = target.dataset.command;
    settle();
    lastUsed = target;
    for (const b of toolbar.querySelectorAll("button")) b.tabIndex = b === target ? 0 : -1;
    if (name === "link") {
      openLink();
    } else if (commands[name]) {
      commands[name](view.state, view.dispatch);
      view.focus();
    } else if (placeCommands[name]) {
      placeCommands[name]();
      if (!target.disabled) target.focus();
      else view.focus();
    }
  });

  // -- what the buttons show ---------------------------------------------------------------------------------
  function refresh() {
    const heading = isHeading();
    const state = view ? view.state : null;
    buttons.strong.disabled = heading;
    buttons.em.disabled = heading;
    buttons.link.disabled = heading;
    buttons.footnote.disabled = heading || !state || inFootnote(state);
    buttons.strong.setAttribute("aria-pressed", String(Boolean(state) && !heading && markActive(state, schema.marks.strong)));
    buttons.em.setAttribute("aria-pressed", String(Boolean(state) && !heading && markActive(state, schema.marks.em)));
    const mark = markerValue();
    const d = depth();
    const bulleted = BULLETS.includes(mark);
    const numbered = /^\d{1,9}[.)]$/.test(mark) || (kind() === "operative" && d === 0);
    buttons.bullet.disabled = heading;
    buttons.numbered.disabled = heading || (kind() === "operative" && d === 0);
    buttons.outdent.disabled = heading || d === 0;
    buttons.indent.disabled = heading || d >= deepest();
    buttons.bullet.setAttribute("aria-pressed", String(!heading && bulleted));
    buttons.numbered.setAttribute("aria-pressed", String(!heading && numbered));
    // The roving tab stop: the button used last, or the first one that can be used (never a disabled one).
    const stop = lastUsed && !lastUsed.disabled ? lastUsed : enabledButtons()[0];
    for (const b of toolbar.querySelectorAll("button")) b.tabIndex = b === stop ? 0 : -1;
    const option = depthField && depthField.selectedOptions ? depthField.selectedOptions[0] : null;
    const shown = bulleted ? "•" : mark === ")" ? "" : mark;
    placeShown.textContent = heading ? "" : [option ? option.textContent.trim() : "", shown].filter(Boolean).join(" · ");
    frame.dataset.depth = heading ? "0" : String(d);
    marker.textContent = heading ? "" : shown;
  }

  // -- open ---------------------------------------------------------------------------------------------------
  const prefersBox = storedMode() === "markdown";
  if (prefersBox) {
    show("markdown");
  } else {
    toRich();
  }
  const focusIn = () => {
    if (mode === "rich" && view) {
      let end = 1;
      view.state.doc.forEach((block, offset) => {
        if (block.type === schema.nodes.paragraph) end = offset + block.nodeSize - 1;
      });
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, end)));
      view.focus();
    } else {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
  };
  /** Another text in the editor (a change someone saved meanwhile, taken into what was typed), in the mode it is in. */
  const load = (text) => {
    box.value = text;
    if (mode === "rich") toRich();
  };
  /** The text as the room shares it: the form's Markdown with the spaces its writer has just typed at its end, which
   * the form's text leaves out (a paragraph is stored without them) but the next word needs. */
  const roomText = () => {
    if (mode !== "rich" || !view) return box.value;
    const last = view.state.doc.lastChild;
    const spaces = last ? / +$/.exec(last.textContent) : null;
    return spaces && !box.value.endsWith(spaces[0]) ? box.value + spaces[0] : box.value;
  };
  /** `analyse`, for a text someone is typing: the spaces at its end (a word just finished, which Markdown would not
   * keep) are put back at the end of the last block, where the writer typed them. */
  const analysedWhileTyping = (text) => {
    const kept = text.replace(/ +$/, "");
    const found = analyse(kept, kind());
    if (kept === text || !found.doc || !found.exact) return found;
    // (the form's text leaves such spaces out: `roomText` puts them back, so the two agree)
    const doc = EditorState.create({ doc: found.doc }).tr.insertText(text.slice(kept.length), found.doc.content.size - 1).doc;
    return { doc, exact: true };
  };
  /** What the room's other writers typed, as the smallest change of the document (the caret stays where it was);
   * a text the editor would not give back exactly opens in the Markdown box. */
  const merge = (text) => {
    if (mode !== "rich" || !view) {
      box.value = text;
      return;
    }
    if (roomText() === text) return;
    const found = analysedWhileTyping(text);
    if (!found.doc || !found.exact) {
      const typing = view.hasFocus();
      box.value = text;
      show("markdown", t.inexact);
      if (typing) box.focus(); // the next keys into the box, never into the hidden editor
      return;
    }
    const old = view.state.doc;
    const start = old.content.findDiffStart(found.doc.content);
    if (start == null) return;
    let { a: endOld, b: endNew } = old.content.findDiffEnd(found.doc.content);
    const overlap = start - Math.min(endOld, endNew); // a change inside repeated letters: both ends move alike
    if (overlap > 0) {
      endOld += overlap;
      endNew += overlap;
    }
    const tr = view.state.tr.replace(start, endOld, found.doc.slice(start, endNew));
    view.dispatch(tr.setMeta(REMOTE, true).setMeta("addToHistory", false));
    // Never two texts: what the editor now writes must be the room's, else the room's text is loaded whole.
    if (roomText() !== text) mountView(found.doc);
  };
  /** Where the caret is, as an offset in the Markdown (room.js: the caret the others see). */
  const markdownOffset = () => (view && mode === "rich" ? offsetOf(view.state.doc, box.value, view.state.selection.head) : null);
  /** The others' carets ({offset in the Markdown, name, colour}), shown at the nearest letter. */
  const showCarets = (list, markdown) => {
    if (!view || mode !== "rich") return;
    const doc = view.state.doc;
    const decorations = list.map(({ offset, name, colour }) =>
      Decoration.widget(Math.min(positionOf(doc, markdown, offset), doc.content.size - 1), () => caretWidget(name, colour), { side: -1, key: `${name}-${offset}` }),
    );
    view.dispatch(view.state.tr.setMeta(caretsKey, DecorationSet.create(doc, decorations)).setMeta(REMOTE, true));
  };
  const controller = {
    get view() { return view; },
    get mode() { return mode; },
    write, focus: focusIn, load, merge, markdownOffset, showCarets, roomText,
    set onChange(fn) { hooks.onChange = fn; },
    set onCaret(fn) { hooks.onCaret = fn; },
  };
  controllers.set(mount, controller);
  if (focus) focusIn();
  return controller;
}

export { analyse, serialize };
