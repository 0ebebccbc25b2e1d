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

// The translator's workbench: a text box grows with its text; "Copy the source" puts the source in it; on
// reaching a box, the translation memory's suggestions for its source come beside it (similarity, the
// difference between the two sources), each one usable in a click; the glossary's terms are marked in the source.
const workbench = document.querySelector("ol.translation-rows[data-memory]");
if (workbench) {
  const grow = (box) => { box.style.height = "auto"; box.style.height = `${box.scrollHeight + 2}px`; };
  for (const box of workbench.querySelectorAll("form.tform textarea")) {
    grow(box);
    box.addEventListener("input", () => grow(box));
  }
  for (const button of workbench.querySelectorAll("button[data-copy-source]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const box = button.form.querySelector("textarea");
      box.value = box.dataset.source;
      grow(box);
      box.focus();
    });
  }
  const labels = workbench.dataset;
  // A suggestion beside a box: what it is (`head`: text and nodes), its text, and a button that puts it in the box.
  const suggestion = (box, className, head, proposed) => {
    const item = document.createElement("div");
    item.className = className;
    const said = document.createElement("p");
    said.className = "small";
    said.append(...head);
    const text = document.createElement("p");
    text.lang = box.lang;
    text.textContent = proposed;
    const use = document.createElement("button");
    use.type = "button";
    use.className = "secondary small";
    use.textContent = labels.labelUse;
    use.addEventListener("click", () => { box.value = proposed; grow(box); box.focus(); });
    item.append(said, text, use);
    return item;
  };
  for (const button of workbench.querySelectorAll("button[data-machine-draft]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const box = button.form.querySelector("textarea");
      const eid = button.closest("li.trow").id;
      button.disabled = true;
      const answer = await fetch(labels.machine.replace("EID", encodeURIComponent(eid)), {credentials: "same-origin"});
      button.disabled = false;
      if (!answer.ok) return;
      const draft = await answer.json();
      button.form.querySelector(".memory").append(suggestion(box, "suggestion machine", [labels.labelMachine], draft.text));
    });
  }
  const piece = ([op, text]) => {
    const node = document.createElement(op === 1 ? "ins" : op === -1 ? "del" : "span");
    node.textContent = text;
    return node;
  };
  const suggest = async (box) => {
    const place = box.form.querySelector(".memory");
    if (!place || place.dataset.asked) return;
    place.dataset.asked = "1";
    const answer = await fetch(`${labels.memory}&text=${encodeURIComponent(box.dataset.source)}`, {credentials: "same-origin"});
    if (!answer.ok) return;
    const found = (await answer.json()).slice(0, 3);
    const title = document.createElement("p");
    title.className = "small muted";
    title.textContent = found.length ? labels.labelMemory : labels.labelNone;
    place.replaceChildren(title);
    for (const s of found) {
      const score = document.createElement("strong");
      score.textContent = labels.labelSimilar.replace("{percent}", String(Math.round(s.similarity * 100)));
      place.append(suggestion(box, "suggestion", [score, " ", ...s.diff.map(piece)], s.text));
    }
  };
  workbench.addEventListener("focusin", (event) => {
    if (event.target instanceof HTMLTextAreaElement && event.target.form && event.target.form.matches("form.tform")) suggest(event.target);
  });
  if (document.activeElement instanceof HTMLTextAreaElement && workbench.contains(document.activeElement)) suggest(document.activeElement);
  for (const source of workbench.querySelectorAll(".source[data-terms]")) {
    const terms = source.dataset.terms.split("\n").filter(Boolean).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])(${terms.join("|")})(?=$|[^\\p{L}\\p{N}])`, "giu");
    const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest(".glossary-terms, .source-diff, h3.sr-only") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const text = node.textContent;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) continue;
      pattern.lastIndex = 0;
      const parts = document.createDocumentFragment();
      let at = 0;
      for (const match of text.matchAll(pattern)) {
        const start = match.index + match[1].length;
        parts.append(text.slice(at, start));
        const mark = document.createElement("mark");
        mark.className = "term";
        mark.textContent = match[2];
        parts.append(mark);
        at = start + match[2].length;
      }
      parts.append(text.slice(at));
      node.replaceWith(parts);
    }
  }
}

// Working in the text of a version: words selected in a paragraph (mouse, finger, or from the keyboard: Tab to
// the paragraph, Enter, then Shift+arrows in its text) get a bar to comment on them or suggest a change, in
// place. A suggestion is the paragraph edited where it stands, its insertions and deletions shown as one types.
const inText = document.querySelector("article[data-in-text]");
const inTextParts = document.getElementById("in-text");
if (inText && inTextParts) {
  const part = (selector) => document.importNode(inTextParts.content.querySelector(selector), true);
  const textOf = (para) => para.dataset.text || para.querySelector(".para-text").innerText.trim();
  let open = null;  // {para, box}
  const close = () => {
    if (open) { open.box.remove(); open.para.classList.remove("in-text-open"); open.para.focus(); }
    open = null;
  };
  const wordsOf = (text) => text.match(/\S+\s*|\s+/g) || [];  // a word with the spaces after it
  const diff = (old, now) => {  // a word diff (longest common subsequence): [op, text] pieces
    const a = wordsOf(old), b = wordsOf(now);
    const n = a.length, m = b.length;
    const table = Array.from({length: n + 1}, () => new Uint16Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    const pieces = [];
    let i = 0, j = 0;
    const push = (op, t) => { const last = pieces[pieces.length - 1]; if (last && last[0] === op) last[1] += t; else pieces.push([op, t]); };
    while (i < n && j < m) {
      if (a[i] === b[j]) { push(0, a[i]); i++; j++; }
      else if (table[i + 1][j] >= table[i][j + 1]) push(-1, a[i++]);
      else push(1, b[j++]);
    }
    while (i < n) push(-1, a[i++]);
    while (j < m) push(1, b[j++]);
    return pieces;
  };
  const show = (para, exact, prefix, suffix, start, end) => {
    close();
    const box = document.createElement("div");
    box.className = "in-text-box";
    const bar = part(".in-text-bar");
    box.append(bar);
    para.classList.add("in-text-open");
    para.after(box);
    open = {para, box};
    const eid = para.id;
    bar.addEventListener("click", (event) => {
      const action = event.target.closest("button") && event.target.closest("button").dataset.inText;
      if (action === "close") return close();
      if (!action) return;
      const form = part(`form[data-form="${action}"]`);
      if (action === "comment") {
        form.setAttribute("action", form.getAttribute("action").replace("EID", encodeURIComponent(eid)));
        form.elements.exact.value = exact;
        form.elements.prefix.value = prefix;
        form.elements.suffix.value = suffix;
        form.querySelector(".in-text-quote").textContent = exact || textOf(para);
      } else {
        const original = textOf(para);
        form.elements.eid.value = eid;
        if (form.elements.lang) form.elements.lang.value = para.lang; // the edition whose words these are
        const text = form.elements.text;
        text.value = original;
        const preview = form.querySelector(".in-text-diff");
        const redraw = () => preview.replaceChildren(...diff(original, text.value).map(([op, t]) => {
          const node = document.createElement(op === 1 ? "ins" : op === -1 ? "del" : "span");
          node.textContent = t;
          return node;
        }));
        text.addEventListener("input", redraw);
        redraw();
        requestAnimationFrame(() => { text.focus(); if (end > start) text.setSelectionRange(start, end); });
      }
      form.addEventListener("click", (e) => { if (e.target.closest("[data-in-text=close]")) close(); });
      bar.replaceWith(form);
      if (action === "comment") form.elements.body.focus();
    });
    bar.querySelector("button").focus();
  };
  const fromSelection = () => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const area = range.commonAncestorContainer.nodeType === 1 ? range.commonAncestorContainer : range.commonAncestorContainer.parentElement;
    const text = area && area.closest(".para-text");
    const para = text && text.closest(".para[id]");
    if (!para || !inText.contains(para) || (open && open.para === para)) return;
    const exact = selection.toString().trim();
    if (!exact) return;
    const before = document.createRange();
    before.selectNodeContents(text);
    before.setEnd(range.startContainer, range.startOffset);
    const after = document.createRange();
    after.selectNodeContents(text);
    after.setStart(range.endContainer, range.endOffset);
    const start = before.toString().replace(/^\s+/, "").length;
    show(para, exact, before.toString().slice(-32), after.toString().slice(0, 32), start, start + exact.length);
  };
  inText.addEventListener("mouseup", () => setTimeout(fromSelection));
  inText.addEventListener("touchend", () => setTimeout(fromSelection, 300));
  // From the keyboard: each paragraph is a stop; Enter opens its text to select words in with Shift+arrows.
  for (const para of inText.querySelectorAll(".para[id]")) para.tabIndex = 0;
  inText.addEventListener("keydown", (event) => {
    const para = event.target.closest && event.target.closest(".para[id]");
    if (event.key === "Escape" && open) return close();
    if (!para || event.target !== para || event.key !== "Enter") return;
    event.preventDefault();
    close();
    const pick = part(".in-text-pick");
    const area = pick.querySelector("textarea");
    const original = textOf(para);
    area.value = original;
    const box = document.createElement("div");
    box.className = "in-text-box";
    box.append(pick);
    para.after(box);
    para.classList.add("in-text-open");
    open = {para, box};
    // Not `readonly`: Chromium then lets no caret move in it without caret browsing. Its text never changes.
    area.addEventListener("beforeinput", (e) => e.preventDefault());
    area.focus();
    area.setSelectionRange(0, 0);
    const choose = () => {
      const start = area.selectionStart, end = area.selectionEnd;
      const exact = original.slice(start, end).trim();
      show(para, exact, original.slice(Math.max(0, start - 32), start), original.slice(end, end + 32), start, end);
    };
    area.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === "Tab" && !e.shiftKey && area.selectionEnd > area.selectionStart) { e.preventDefault(); choose(); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
    });
  });
}

// The words of a paragraph that open threads and amendments are on, marked in its text; a mark hovered or
// focused shows its thread's first comment or its amendment's change (the list under the paragraph says it too).
for (const item of document.querySelectorAll(".para-marks li[data-words]")) {
  const words = item.dataset.words.trim();
  const text = item.closest(".para-text");
  if (!words || !text) continue;
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest(".para-marks, .para-links") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const at = node.textContent.indexOf(words);
    if (at < 0) continue;
    const mark = document.createElement("mark");
    mark.className = `in-text-mark mark-${item.dataset.kind}`;
    mark.tabIndex = 0;
    mark.setAttribute("aria-describedby", item.id);
    mark.dataset.title = item.textContent.trim();
    const rest = node.splitText(at);
    rest.splitText(words.length);
    rest.replaceWith(mark);
    mark.append(rest);
    break;
  }
}

// The projector: the arrow keys go to the previous and next paragraph.
if (document.querySelector("[data-projector]")) {
  document.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    const link = document.querySelector(`.projector a[rel="${event.key === "ArrowRight" ? "next" : event.key === "ArrowLeft" ? "prev" : ""}"]`);
    if (link) location.href = link.href;
  });
}

// The committee edits a paragraph of the draft where it stands: its page's edit form (the same
// compare-and-set on the revision it was opened at) is put under the paragraph; a conflict opens that page,
// with the three texts and both changes combined where they can be.
for (const button of document.querySelectorAll("button[data-edit-here]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const item = button.closest("li.para");
    const open = item.querySelector("form#edit-form");
    if (open) { open.remove(); button.focus(); return; }
    const answer = await fetch(button.dataset.editHere, {credentials: "same-origin"});
    if (!answer.ok) { location.href = button.dataset.editHere; return; }
    const form = new DOMParser().parseFromString(await answer.text(), "text/html").querySelector("form#edit-form");
    if (!form) { location.href = button.dataset.editHere; return; }
    form.classList.add("edit-here");
    item.querySelector(".para-text").append(document.adoptNode(form));
    const box = form.querySelector("textarea");
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  });
}

// Rows selected by a filter (the negotiation list): every row, those of a status, those with nothing open.
for (const bar of document.querySelectorAll(".select-by")) {
  bar.hidden = false;
  bar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-select-rows]");
    if (!button) return;
    const rule = button.dataset.selectRows;
    for (const row of document.querySelectorAll("tr[data-status]")) {
      const box = row.querySelector("input[type=checkbox][name=eids]");
      if (!box) continue;
      box.checked = rule === "all" || (rule === "unamended" && row.dataset.unamended === "yes")
        || (rule.startsWith("status:") && row.dataset.status === rule.slice(7));
    }
  });
}
