import { events } from "./live.js";
import { presentAs } from "./presence.js";

// Notices, not locks (issue 63): whoever has a paragraph of the working draft open in its editor is told at once when
// someone else saves it ("Ana (BCN) saved OP 14"), with their change, before saving their own; they may take it into
// what they typed where the two touch different words (the three-way merge a 409 makes), and save on the new text.
// Nothing is locked: saving without it still gets the 409, with both texts.
export const words = JSON.parse((document.querySelector("[data-notice-words]") || { dataset: {} }).dataset.noticeWords || "null");

/** A piece of a word diff ([op, text]) as the page shows it: inserted, deleted or kept. */
export const piece = ([op, text]) => {
  const node = document.createElement(op === 1 ? "ins" : op === -1 ? "del" : "span");
  node.textContent = text;
  return node;
};

if (words && events && document.querySelector("ol.draft")) {
  const since = async (form) => {
    const editor = window.AccordEditor && form.querySelector("[data-rich-editor]") ? window.AccordEditor.attach(form) : null;
    if (editor && editor.mode === "rich") editor.write();
    const answer = await fetch(form.action.replace(/\/edit$/, "/since"), {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    return answer.ok ? { said: await answer.json(), editor } : null;
  };
  events.addEventListener("paragraph", async (message) => {
    const event = JSON.parse(message.data);
    const form = document.querySelector("li.para form#edit-form");
    const item = form && form.closest("li.para");
    const eid = (event.data && event.data.eid) || event.subject.replace(/^paragraph:/, "");
    if (!item || eid !== item.id || !/^paragraph\.(edited|restored|deleted)$/.test(event.verb)) return;
    const together = "inRoom" in form.dataset; // writing together: the room brings every change into the text
    // The paragraph as the page prints it (OP 14); a heading, which has no number, by its title.
    const printed = item.querySelector(".para-ref") || item.querySelector(".para-title");
    const ref = printed ? printed.textContent.trim() : item.id;
    const deleted = event.verb === "paragraph.deleted";
    const notice = form.querySelector(".save-notice") || document.createElement("div");
    notice.className = "save-notice note";
    notice.setAttribute("role", "status");
    const head = document.createElement("p");
    head.append(document.createElement("strong"));
    head.firstChild.textContent = (deleted ? words.deleted : words.saved)
      .replace("{name}", presentAs(event.actor || "")).replace("{ref}", ref);
    notice.replaceChildren(head);
    form.prepend(notice);
    if (deleted) return;
    if (together) {
      if (event.data && event.data.together) notice.remove(); // the room's own writing, seen as it was typed
      else notice.append(Object.assign(document.createElement("p"), { textContent: words.inRoom }));
      return;
    }
    const seen = await since(form);
    if (!seen) return;
    const change = document.createElement("p");
    change.className = "diff small";
    change.append(...seen.said.diff.map(piece));
    notice.append(change);
    if (seen.said.merged == null) {
      notice.append(Object.assign(document.createElement("p"), { textContent: words.same }));
      return;
    }
    const take = Object.assign(document.createElement("button"), { type: "button", className: "small", textContent: words.take });
    take.addEventListener("click", async () => {
      const fresh = await since(form);  // what is stored now, with what was typed meanwhile
      if (!fresh || fresh.said.merged == null) return;
      form.elements.namedItem("base_revision").value = fresh.said.current_revision;
      if (fresh.editor) fresh.editor.load(fresh.said.merged);
      else form.elements.namedItem("text").value = fresh.said.merged;
      notice.replaceChildren(Object.assign(document.createElement("p"), { textContent: words.taken }));
    });
    notice.append(take);
  });
}
