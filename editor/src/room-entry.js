// The bundle served as /static/editor/room.js: the shared room alone (room.js), for a page whose text boxes are plain
// Markdown boxes (the translation editor). A form naming a room (`data-room`) joins it when its box is first reached:
// a page of fifty paragraphs opens a room only for those its translators write.

import { joinRoom } from "./room.js";

const joined = new WeakMap(); // form → its shared room

function reached(event) {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.form || joined.has(box.form)) return;
  const mount = box.form.querySelector("[data-room]");
  if (!mount) return;
  joined.set(box.form, joinRoom(box.form, null, JSON.parse(mount.dataset.roomWords || "{}")));
}

document.addEventListener("focusin", reached);
if (document.activeElement instanceof HTMLTextAreaElement) reached({ target: document.activeElement });
window.AccordRoom = { room: (form) => joined.get(form) || null };
