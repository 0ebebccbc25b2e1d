import { events } from "./live.js";
import { presentAs } from "./presence.js";
import { piece, words } from "./notices.js";

// Notices on the translation editor (issue 63), as on the draft: whoever has a paragraph's translation open is told at
// once when someone else saves it ("Élise saved OP 14"), with their change, before saving their own; they may take it
// into what they typed where the two touch different words, and save on the new text. A box in the paragraph's shared
// room needs none: the room brings every change into it as it is made.
const rows = document.querySelector("ol.translation-rows[data-notices]");
if (rows && words && events) {
  const since = async (form) => {
    const answer = await fetch(`${form.action}/since`, {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    return answer.ok ? answer.json() : null;
  };
  events.addEventListener("translation", async (message) => {
    const event = JSON.parse(message.data);
    const data = event.data || {};
    if (!/^translation\.(saved|confirmed)$/.test(event.verb) || data.language !== rows.dataset.notices) return;
    if (String(data.version) !== rows.dataset.noticesVersion) return;
    const item = document.getElementById(event.subject.replace(/^paragraph:/, ""));
    const form = item && item.querySelector("form.tform");
    if (!form || "inRoom" in form.dataset) return;
    const ref = (item.querySelector(".trow-head strong") || {}).textContent || item.id;
    const notice = form.querySelector(".save-notice") || document.createElement("div");
    notice.className = "save-notice note";
    notice.setAttribute("role", "status");
    const head = document.createElement("p");
    head.append(Object.assign(document.createElement("strong"), {
      textContent: words.saved.replace("{name}", presentAs(event.actor || "")).replace("{ref}", ref.trim()),
    }));
    notice.replaceChildren(head);
    form.prepend(notice);
    const seen = await since(form);
    if (!seen) return;
    const change = Object.assign(document.createElement("p"), { className: "diff small", lang: form.querySelector("textarea").lang });
    change.append(...seen.diff.map(piece));
    notice.append(change);
    if (seen.merged == null) {
      notice.append(Object.assign(document.createElement("p"), { textContent: words.same }));
      return;
    }
    const take = Object.assign(document.createElement("button"), { type: "button", className: "small", textContent: words.take });
    take.addEventListener("click", async () => {
      const fresh = await since(form); // what is stored now, with what was typed meanwhile
      if (!fresh || fresh.merged == null) return;
      form.elements.namedItem("base_text_revision").value = fresh.current_revision;
      const box = form.querySelector("textarea");
      box.value = fresh.merged;
      box.dispatchEvent(new Event("input"));
      notice.replaceChildren(Object.assign(document.createElement("p"), { textContent: words.taken }));
    });
    notice.append(take);
  });
}
