// Small progressive enhancements; every page works without them. Selects never submit on change:
// a keyboard user moving through the options with the arrow keys would leave the page at each one.

// Forms that remove something ask first (the text is in the form's data-confirm, translated).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

// Commenting on words: selecting them in a paragraph open for discussion fills the "words you comment
// on" field, with what surrounds them so the server finds the right occurrence.
document.addEventListener("mouseup", () => {
  const form = document.getElementById("open-form");
  const area = document.querySelector("[data-selectable]");
  const selection = window.getSelection();
  if (!form || !area || !selection || selection.isCollapsed || selection.rangeCount === 0) return;
  const range = selection.getRangeAt(0);
  if (!area.contains(range.startContainer) || !area.contains(range.endContainer)) return;
  const exact = selection.toString().trim();
  if (!exact) return;
  const before = document.createRange();
  before.selectNodeContents(area);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.selectNodeContents(area);
  after.setStart(range.endContainer, range.endOffset);
  form.elements.exact.value = exact;
  form.elements.prefix.value = before.toString().slice(-32);
  form.elements.suffix.value = after.toString().slice(0, 32);
});

// Live consultation: a page showing a paragraph's threads reloads them when the process's events
// say something changed there (the stream resumes by itself after a dropped connection).
const live = document.querySelector("[data-live]");
if (live && window.EventSource) {
  const events = new EventSource(live.dataset.live);
  const panel = document.getElementById("threads-panel");
  const reload = () => fetch(live.dataset.panel, { credentials: "same-origin" })
    .then((answer) => (answer.ok ? answer.text() : null))
    .then((html) => {
      if (!html || !panel) return;
      const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("threads-panel");
      if (fresh) panel.replaceChildren(...fresh.childNodes);
    });
  for (const kind of ["thread", "comment", "resolved", "reopened"]) {
    events.addEventListener(kind, (message) => {
      const event = JSON.parse(message.data);
      if (!event.data || event.data.eid === live.dataset.eid) reload();
    });
  }
}

// The translation editor from the keyboard: Ctrl+Enter marks the paragraph translated and goes on
// to the next; Alt+↓ and Alt+↑ move between paragraphs.
document.addEventListener("keydown", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.closest("form.tform")) return;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    box.form.querySelector("button[data-next]").click();
  } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
    event.preventDefault();
    const boxes = [...document.querySelectorAll("form.tform textarea")];
    const next = boxes[boxes.indexOf(box) + (event.key === "ArrowDown" ? 1 : -1)];
    const pager = document.querySelector(`.pager a[rel="${event.key === "ArrowDown" ? "next" : "prev"}"]`);
    if (next) next.focus();
    else if (pager) location.href = event.key === "ArrowDown" ? pager.href + `&at=${box.form.elements.next_eid.value}#${box.form.elements.next_eid.value}` : pager.href;
  }
});

// A paged list (the editor, the side-by-side view…) reached by a link to a paragraph on another of its
// pages: the server is asked for the page holding it (`at`), once.
const paged = document.querySelector("[data-window]");
if (paged && location.hash.length > 1 && !document.getElementById(decodeURIComponent(location.hash.slice(1)))) {
  const address = new URL(location.href);
  if (!address.searchParams.has("at")) {
    address.searchParams.delete("page");
    address.searchParams.set("at", decodeURIComponent(location.hash.slice(1)));
    location.replace(address.href);
  }
}

// Arriving at a paragraph of the editor (after saving, the next one): its text box has the focus. After the
// load: the browser's own move to the #fragment comes at its end and would take the focus back.
if (location.hash && document.querySelector("form.tform")) {
  window.addEventListener("load", () => setTimeout(() => {
    const row = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const box = row && row.querySelector("textarea");
    if (box) box.focus();
  }));
}

// The public's language switcher keeps the paragraph in view: the link takes the eId of the first
// paragraph on screen when it is followed.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-keep-paragraph]");
  if (!link) return;
  const paragraphs = [...document.querySelectorAll(".pub-para[id], .parallel-row[id]")];
  const bar = link.closest(".lang-switch");
  const top = bar ? bar.getBoundingClientRect().bottom : 0;  // below the sticky switcher
  const inView = paragraphs.find((p) => p.getBoundingClientRect().bottom > top + 1);
  if (inView) link.href = link.href.split("#")[0] + "#" + inView.id;
});

// A publication whose files a worker is making: the page asks for itself again every two seconds and
// puts in the progress it reads (and the downloads, once every file is made).
if (document.querySelector("[data-rendering]")) {
  const refresh = async () => {
    const answer = await fetch(location.href, {headers: {Accept: "text/html"}});
    if (!answer.ok) return setTimeout(refresh, 5000);
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
    for (const section of document.querySelectorAll("main section[aria-labelledby]")) {
      const now = fresh.querySelector(`section[aria-labelledby="${section.getAttribute("aria-labelledby")}"]`);
      if (now && now.innerHTML !== section.innerHTML) section.innerHTML = now.innerHTML;
    }
    if (fresh.querySelector("[data-rendering]")) setTimeout(refresh, 2000);
  };
  setTimeout(refresh, 2000);
}

// A list's "select all" box ticks (or unticks) every row's box of the same name in the same form.
document.addEventListener("change", (event) => {
  const all = event.target.closest && event.target.closest("input[data-select-all]");
  if (!all) return;
  const form = all.getAttribute("form");
  for (const box of document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]${form ? `[form="${form}"]` : ""}`)) {
    box.checked = all.checked;
  }
});
