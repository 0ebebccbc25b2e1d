// A paragraph written together (issue 63): the edit form joins the paragraph's shared room, a Yjs document whose one
// text, `markdown`, is the paragraph's Markdown as Accord keeps it. The server seeds the room and writes it to the
// draft once typing stops (web/rooms.py); this page only sends what its writer types and shows what the others type.
//
// The rich editor and the Markdown box both write the form's `text`: what changed there is sent to the room as the
// fewest characters deleted and inserted; what the others typed comes back as a new text, put into the editor as the
// smallest change (ProseMirror keeps the caret where it was). Each writer's caret travels in Yjs's awareness, as a
// place in the Markdown the others' editors show at the nearest letter.
//
// A room the page cannot reach leaves the form as it was (a save is a compare-and-set, as always). A room that was
// closed and opened again since this page joined it (close code 4409) is joined afresh: the page's old document is
// dropped, never merged, and the paragraph loads as it is now.

import * as Y from "yjs";
import * as sync from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

const SYNC = 0;
const AWARENESS = 1;
const LOCAL = "accord-local";
const COLOURS = 8; // editor.css: .room-colour-0 … -7
const STALE = 4409;

/** The fewest characters to delete and insert turning `old` into `now` (a common start and end kept). */
export function change(old, now) {
  let start = 0;
  while (start < old.length && start < now.length && old[start] === now[start]) start += 1;
  if (start > 0 && isHigh(old.charCodeAt(start - 1))) start -= 1; // never between the halves of 😀 and 😁
  let end = 0;
  while (end < old.length - start && end < now.length - start && old[old.length - 1 - end] === now[now.length - 1 - end]) end += 1;
  if (end > 0 && isLow(old.charCodeAt(old.length - end))) end -= 1;
  return { at: start, removed: old.length - start - end, inserted: now.slice(start, now.length - end) };
}

const isHigh = (code) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code) => code >= 0xdc00 && code <= 0xdfff;

/** Where `offset` of `old` is in `now`, after the change between them. */
function moved(offset, old, now) {
  const { at, removed, inserted } = change(old, now);
  if (offset <= at) return offset;
  if (offset >= at + removed) return offset + inserted.length - removed;
  return at + inserted.length;
}

export function joinRoom(form, controller, words) {
  const mount = form.querySelector("[data-room]");
  const box = form.querySelector("textarea[name=text]");
  if (!mount || !box || typeof WebSocket === "undefined") return null;
  const address = mount.dataset.room;
  const me = { name: mount.dataset.person || "", colour: Math.floor(Math.random() * COLOURS) };
  const status = document.createElement("p");
  status.className = "room-status muted small";
  status.setAttribute("role", "status");
  mount.after(status);

  let doc = null;
  let text = null;
  let awareness = null;
  let socket = null;
  let epoch = null;
  let synced = false;
  let tries = 0;
  let over = false;
  let written = null; // the revision the room last wrote (or was based on when joined)
  let opened = box.value;

  const send = (bytes) => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(bytes);
  };
  const message = (kind, write) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, kind);
    write(encoder);
    return encoding.toUint8Array(encoder);
  };

  const others = () =>
    [...awareness.getStates().entries()].filter(([client, state]) => client !== doc.clientID && state && state.user);

  const say = () => {
    if (!synced) {
      status.textContent = words.joining || "";
      return;
    }
    const names = [...new Set(others().map(([, state]) => state.user.name))];
    status.textContent = names.length ? (words.together || "").replace("{names}", names.join(", ")) : words.alone || "";
    status.dataset.writers = String(names.length);
  };

  // -- what the others typed: the new text into the editor (or the box), the caret kept ----------------------
  const shown = () => {
    const now = text.toString();
    if (controller && controller.mode === "rich" && controller.merge) {
      controller.merge(now);
    } else if (box.value !== now) {
      const old = box.value; // the Markdown box: the room's text as it is, spaces included
      const [start, end] = [box.selectionStart, box.selectionEnd];
      box.value = now;
      if (document.activeElement === box) box.setSelectionRange(moved(start, old, now), moved(end, old, now));
    }
    cursors();
  };

  // -- what this writer typed: into the room -----------------------------------------------------------------
  const local = () => (controller && controller.roomText ? controller.roomText() : box.value);

  const typed = () => {
    if (!synced) return;
    const old = text.toString();
    const now = local();
    if (old === now) return;
    const { at, removed, inserted } = change(old, now);
    doc.transact(() => {
      if (removed) text.delete(at, removed);
      if (inserted) text.insert(at, inserted);
    }, LOCAL);
    caret();
  };

  // What was typed before the room answered (the caret was in the text at once): sent as this writer's change, at its
  // place in the room's text (which others may have changed since the page was made), never replaced by it.
  const typedBefore = () => {
    const mine = change(opened, local());
    if (!mine.removed && !mine.inserted) return;
    const now = text.toString();
    const at = Math.min(moved(mine.at, opened, now), now.length);
    doc.transact(() => {
      if (mine.removed) text.delete(at, Math.min(mine.removed, now.length - at));
      if (mine.inserted) text.insert(at, mine.inserted);
    }, LOCAL);
  };

  const caret = () => {
    if (!synced) return;
    const offset = controller && controller.mode === "rich" && controller.markdownOffset ? controller.markdownOffset() : box.selectionEnd;
    if (offset == null) return;
    const place = Y.createRelativePositionFromTypeIndex(text, Math.min(offset, text.length));
    awareness.setLocalStateField("caret", Y.relativePositionToJSON(place));
  };

  const cursors = () => {
    if (!controller || !controller.showCarets) return;
    const carets = [];
    for (const [, state] of others()) {
      if (!state.caret) continue;
      const place = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(state.caret), doc);
      const colour = Number.isInteger(state.user.colour) ? Math.abs(state.user.colour) % COLOURS : 0; // as sent by anyone
      if (place) carets.push({ offset: place.index, name: String(state.user.name), colour });
    }
    controller.showCarets(carets, text.toString());
  };

  // -- the connection ----------------------------------------------------------------------------------------
  const start = () => {
    doc = new Y.Doc();
    text = doc.getText("markdown");
    awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalStateField("user", me);
    synced = false;
    opened = local(); // what the page showed when it joined: what its writer typed since is theirs to send
    text.observe((_, transaction) => {
      if (transaction.origin !== LOCAL && synced) shown();
    });
    doc.on("update", (update, origin) => {
      if (origin === LOCAL) send(message(SYNC, (e) => sync.writeUpdate(e, update)));
    });
    awareness.on("update", ({ added, updated, removed }, origin) => {
      if (origin === "local") {
        send(message(AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [...added, ...updated, ...removed]))));
      }
      say();
      cursors();
    });
    connect();
  };

  const connect = () => {
    const url = new URL(address, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("notes", "1");
    url.searchParams.set("page", "1"); // the page's own heartbeat says whether its writer is typing (presence.js)
    if (epoch) url.searchParams.set("epoch", epoch);
    socket = new WebSocket(url);
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", () => {
      tries = 0;
      send(message(SYNC, (e) => sync.writeSyncStep1(e, doc)));
      send(message(AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))));
    });
    socket.addEventListener("message", (event) => {
      if (typeof event.data === "string") {
        noted(JSON.parse(event.data));
        return;
      }
      const decoder = decoding.createDecoder(new Uint8Array(event.data));
      const kind = decoding.readVarUint(decoder);
      if (kind === SYNC) {
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, SYNC);
        const step = sync.readSyncMessage(decoder, reply, doc, "room");
        if (encoding.length(reply) > 1) send(encoding.toUint8Array(reply));
        if (step === sync.messageYjsSyncStep2 && !synced) {
          synced = true;
          form.dataset.inRoom = "";
          typedBefore();
          shown();
          say();
        }
      } else if (kind === AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), "room");
      }
    });
    socket.addEventListener("close", (event) => {
      if (over) return;
      synced = false;
      delete form.dataset.inRoom;
      if (event.code === STALE) {
        // Another life of the room: this document is dropped, never merged; the paragraph as it is now.
        awareness.destroy();
        doc.destroy();
        epoch = null;
        status.textContent = words.reloaded || event.reason;
        start();
      } else if (event.code >= 4400 && event.code < 4500) {
        status.textContent = event.reason; // not to be joined (no more): the form alone, as before
      } else {
        status.textContent = words.joining || "";
        tries += 1;
        window.setTimeout(connect, Math.min(10000, 250 * 2 ** tries));
      }
    });
  };

  // The form's field naming the revision its save is based on: the draft's `base_revision`, a translation's
  // `base_text_revision` (data-room-base).
  const baseField = () => form.elements.namedItem(mount.dataset.roomBase || "base_revision");

  const noted = (note) => {
    if (note.room) epoch = note.room.epoch;
    const revision = (note.committed && note.committed.revision) || (note.room && note.room.revision);
    const base = baseField();
    if (revision) written = revision;
    if (revision && base) base.value = revision; // a save of the place (list buttons) goes on the room's revision
    if (note.committed) {
      status.dataset.saved = revision;
      say();
    }
    if (note.refused) status.textContent = note.refused;
    if (note.source) {
      // An edition's source changed in the draft: what was typed is kept as the translation of the source before.
      status.textContent = note.source.said;
      status.dataset.source = note.source.revision;
    }
  };

  // Saving the form in the room (its place, kind or note): the text saved is the room's own, once the room has written
  // it (a revision is the SHA-256 of its text), so that the save changes nothing of it and nobody's words come twice.
  let saving = false;
  form.addEventListener("submit", async (event) => {
    if (!synced || saving) return;
    event.preventDefault();
    saving = true;
    const now = text.toString().normalize("NFC").trim(); // as the paragraph is stored
    box.value = now;
    try {
      // (crypto.subtle: a page served over HTTPS, or from this machine; elsewhere the save goes as it is)
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(now)));
      const sha = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
      for (let waited = 0; now && written !== sha && waited < 6000; waited += 100) await new Promise((done) => setTimeout(done, 100));
      const base = baseField();
      if (written === sha && base) base.value = sha;
    } catch (error) {
      console.warn("saving in the room:", error);
    }
    over = true;
    if (socket) socket.close();
    // The form's own submission, its button's name and value with it (the submit event has run its course once).
    const button = event.submitter;
    if (button && button.name) form.append(Object.assign(document.createElement("input"), { type: "hidden", name: button.name, value: button.value }));
    form.submit();
  });

  box.addEventListener("input", typed);
  box.addEventListener("select", caret);
  box.addEventListener("keyup", caret);
  if (controller) {
    controller.onChange = typed;
    controller.onCaret = caret;
  }
  window.addEventListener("pagehide", () => {
    over = true;
    if (socket) socket.close();
  });
  start();
  return {
    get synced() {
      return synced;
    },
    leave() {
      over = true;
      if (socket) socket.close();
      status.remove();
    },
  };
}
