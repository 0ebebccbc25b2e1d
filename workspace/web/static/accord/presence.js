import { events } from "./live.js";

const labels = new Map();  // a person's name → as shown here, with their delegation (notices.js names a saver so)
export const presentAs = (name) => labels.get(name) || name;

// Who else is here (issue 63): a page with data-presence says where its reader is (its `where`, the paragraph they are
// at, whether an editor is open there) when it opens, every 20 seconds and when they move; the answer, then the
// stream's `presence` events, say who else is on this text: their names (and delegations) in the margin of the
// paragraph they are at, the others at the top. Someone not heard of for 75 seconds has left (each presence is told
// again every 30 seconds, and as gone a minute after its last heartbeat). Nothing is ever locked.
const bar = document.querySelector("[data-presence]");
if (bar) {
  const said = JSON.parse(bar.dataset.presence);
  const words = said.words;
  const mine = new Set();  // the keys of this reader's own presences (the server says which: `you`)
  const shown = new Map();  // key → {entry, heard}
  const samePlace = (where) => ["version", "draft", "meeting", "lang"].every((k) => (where[k] ?? null) === (said.where[k] ?? null));
  const label = (entry) => (entry.delegation ? `${entry.person} (${entry.delegation})` : entry.person);

  const render = () => {
    for (const old of document.querySelectorAll(".presence-here")) old.remove();
    const top = [];
    for (const { entry } of shown.values()) {
      const para = entry.where.eid && document.getElementById(entry.where.eid);
      const margin = para && para.matches(rows) && (para.querySelector(".para-margin, .trow-head") || para);
      const name = document.createElement("span");
      name.className = "presence-here small" + (entry.editing ? " presence-editing" : "");
      name.dataset.key = entry.key;
      name.textContent = entry.editing ? `${label(entry)} · ${words.editing}` : label(entry);
      if (margin) margin.append(name);
      else top.push(label(entry));
    }
    bar.hidden = shown.size === 0;
    bar.textContent = shown.size ? `${words.here} ${new Intl.ListFormat(document.documentElement.lang || "en").format([...shown.values()].map(({ entry }) => label(entry)))}` : "";
  };
  const take = (entry) => {
    if (entry.delegation) labels.set(entry.person, label(entry));
    if (entry.you) mine.add(entry.key);
    if (mine.has(entry.key) || !samePlace(entry.where) || entry.gone) shown.delete(entry.key);
    else shown.set(entry.key, { entry, heard: Date.now() });
  };

  // Where the reader is: the paragraph with an editor open in it (the draft's, opened in place) or typed in (a
  // translation's), else the one they are in (focus), else the last of those, else the one the address names.
  // `rows`: the page's paragraphs.
  const rows = said.rows || ".para[id]";
  let lastAt = null;
  const here = () => {
    const open = document.querySelector("form#edit-form");
    const active = document.activeElement;
    const focused = active && active.closest ? active.closest(rows) : null;
    const at = (open && open.closest(rows)) || focused;
    const typing = Boolean(focused && active.matches("textarea, [contenteditable=true]"));
    if (at) lastAt = at.id;
    const eid = lastAt || location.hash.slice(1) || null;
    return { where: { ...said.where, ...(eid && /^[a-z][a-z0-9_]*$/.test(eid) ? { eid } : {}) }, editing: Boolean(open) || typing };
  };
  // The page's CSRF token, as its forms carry it (the cookie the server set; it changes at sign-in).
  const csrf = () => (document.cookie.split("; ").find((c) => c.startsWith("accord_csrf=")) || "=").split("=").slice(1).join("=");
  let last = "";
  // Who else is here: read once the page has said where it is, and again when its stream comes back (what was told
  // meanwhile was missed); the stream's presences keep it true in between.
  const list = async () => {
    const answer = await fetch(said.list, { credentials: "same-origin", headers: { Accept: "application/json" } }).catch(() => null);
    if (!answer || !answer.ok) return;
    shown.clear();
    for (const entry of await answer.json()) take(entry);
    render();
  };
  const beat = async (always) => {
    const now = here();
    if (!always && JSON.stringify(now) === last) return;
    last = JSON.stringify(now);
    const answer = await fetch(said.url, {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf() }, body: last,
    }).catch(() => null);
    if (!answer || !answer.ok) return;
    for (const entry of await answer.json()) take(entry);  // one's own: never shown, known as one's own
    render();
  };
  beat(true).then(list);
  if (events) events.addEventListener("open", list);
  setInterval(() => {
    for (const [key, { heard }] of shown) if (Date.now() - heard > 75000) shown.delete(key);
    beat(true);
  }, 20000);
  let moved = null;
  const soon = () => { clearTimeout(moved); moved = setTimeout(() => beat(false), 400); };
  document.addEventListener("focusin", soon);
  document.addEventListener("focusout", soon);
  document.addEventListener("click", soon);
  window.addEventListener("hashchange", () => { lastAt = null; soon(); });
  if (events) {
    events.addEventListener("presence", (message) => {
      take(JSON.parse(message.data));
      render();
    });
  }
}
