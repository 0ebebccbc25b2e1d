// The bundle served as /static/editor/editor.js: `AccordEditor.attach(form)` for a form fetched into a page
// (the working draft's "Edit here"), and every edit form of the page as it loads. Its stylesheet is the file
// beside it, linked once.

import { DOMSerializer } from "prosemirror-model";
import { attach, analyse, serialize } from "./editor.js";
import { schema } from "./markdown.js";
import { joinRoom, change } from "./room.js";

const script = document.currentScript;

function stylesheet() {
  const href = script && script.src ? script.src.replace(/\.js(\?.*)?$/, ".css$1") : "/static/editor/editor.css";
  if (document.querySelector(`link[data-rich-editor-css]`)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  link.dataset.richEditorCss = "";
  document.head.append(link);
}

const rooms = new WeakMap(); // form → its shared room, joined once

/** The editor over the form, and the paragraph's shared room when the form names one (`data-room`). */
function opened(form, options) {
  const controller = attach(form, options);
  const mount = form.querySelector("[data-room]");
  if (controller && mount && !rooms.has(form)) rooms.set(form, joinRoom(form, controller, JSON.parse(mount.dataset.roomWords || "{}")));
  return controller;
}

function attachAll() {
  for (const mount of document.querySelectorAll("form [data-rich-editor]")) opened(mount.closest("form"));
}

stylesheet();
window.AccordEditor = {
  attach: (form, options) => {
    stylesheet();
    return opened(form, options);
  },
  /** The shared room the form joined (null: none): `synced`, `leave()`. */
  room: (form) => rooms.get(form) || null,
  change,
  analyse,
  serialize,
  schema,
  /** The document as the editor shows it, in a detached element (what the tests compare with Accord's reading). */
  render: (doc) => {
    const shown = document.createElement("div");
    shown.append(DOMSerializer.fromSchema(schema).serializeFragment(doc.content));
    return shown;
  },
};
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attachAll);
else attachAll();
