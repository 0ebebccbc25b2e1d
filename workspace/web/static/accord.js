// Small progressive enhancements; every page works without them. Selects never submit on a keyboard's change:
// a keyboard user moving through the options with the arrow keys would leave the page at each one (the header's
// language, at the end, sends a choice made with the pointer or in the opened list).

// Irreversible steps ask first, in the page and in its language: a form with data-confirm (the question: what
// will happen), data-confirm-detail (what cannot be undone) and data-confirm-button (the confirming button's
// label) opens the confirmation dialog made from base.html's #confirm-parts. Focus starts on Cancel (the safe
// answer), stays in the dialog (Tab and Shift+Tab go round), Escape or a click beside it cancels, and focus goes
// back where it was; confirming sends the form as its button would have (the button's name and value with it).
// Without <dialog> (or without script) the form is sent as it is. A form with data-confirm-type (and its label,
// data-confirm-type-label) asks to type that text in the dialog first (a process's short name, to delete it): the
// confirming button waits for it, and it is sent as the form's `confirm`, whose own field (for pages without
// script) the dialog stands in for.
const confirmedForms = new WeakSet();
let confirmDialog = null;

function confirmationDialog() {
  const parts = document.getElementById("confirm-parts");
  if (confirmDialog || !parts || !window.HTMLDialogElement) return confirmDialog;
  confirmDialog = document.importNode(parts.content.querySelector("dialog"), true);
  const question = document.createElement("h2");  // made here: a page read as HTML keeps its own outline
  question.id = "confirm-question";
  question.dataset.part = "question";
  confirmDialog.querySelector(".confirm-box").prepend(question);
  document.body.append(confirmDialog);
  const buttons = () => [...confirmDialog.querySelectorAll("button, input")].filter(
    (element) => !element.disabled && !element.closest("[hidden]"));
  confirmDialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const all = buttons();
    const at = all.indexOf(document.activeElement);
    const next = event.shiftKey ? (at <= 0 ? all.length - 1 : at - 1) : (at === all.length - 1 ? 0 : at + 1);
    event.preventDefault();
    all[next].focus();
  });
  confirmDialog.addEventListener("click", (event) => {
    const answer = event.target.closest("button[data-answer]");
    if (answer) confirmDialog.close(answer.dataset.answer);
    else if (event.target === confirmDialog) confirmDialog.close("cancel");  // the backdrop, beside the box
  });
  return confirmDialog;
}

if (window.HTMLDialogElement) {  // the dialog asks for the typed text: the form's own field is for pages without it
  for (const form of document.querySelectorAll("form[data-confirm-type]")) {
    const field = form.elements.confirm;
    if (!field) continue;
    field.required = false;
    (field.closest("p") || field).hidden = true;
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-confirm]")) return;
  if (confirmedForms.delete(form)) return;  // asked and confirmed: on its way
  const dialog = confirmationDialog();
  if (!dialog || dialog.open) return;
  event.preventDefault();
  const submitter = event.submitter;
  const focused = document.activeElement;
  const back = focused && focused !== document.body && form.contains(focused) ? focused : submitter;
  const yes = dialog.querySelector("button[data-answer=confirm]");
  dialog.querySelector("[data-part=question]").textContent = form.dataset.confirm;
  const detail = dialog.querySelector("[data-part=detail]");
  detail.textContent = form.dataset.confirmDetail || "";
  detail.hidden = !detail.textContent;
  if (detail.hidden) dialog.removeAttribute("aria-describedby");
  else dialog.setAttribute("aria-describedby", detail.id);
  yes.textContent = form.dataset.confirmButton || (submitter ? submitter.textContent.trim() : "");
  const typedPart = dialog.querySelector("[data-part=typed]");
  const typed = typedPart.querySelector("input");
  const wanted = form.dataset.confirmType;
  typedPart.hidden = !wanted;
  typed.value = "";
  yes.disabled = Boolean(wanted);
  if (wanted) {
    typedPart.querySelector("[data-part=typed-label]").textContent = form.dataset.confirmTypeLabel || wanted;
    typed.oninput = () => { yes.disabled = typed.value.trim() !== wanted; };
    typed.onkeydown = (event) => {
      if (event.key === "Enter" && !yes.disabled) { event.preventDefault(); dialog.close("confirm"); }
    };
  }
  const danger = Boolean(submitter && submitter.classList.contains("danger"));
  yes.classList.toggle("danger", danger);
  dialog.classList.toggle("confirm-danger", danger);
  dialog.returnValue = "";
  dialog.addEventListener("close", () => {
    if (back && back.isConnected) back.focus();
    if (dialog.returnValue !== "confirm") return;
    if (wanted && form.elements.confirm) form.elements.confirm.value = typed.value.trim();
    confirmedForms.add(form);
    if (submitter && submitter.form === form) form.requestSubmit(submitter);
    else form.requestSubmit();
  }, { once: true });
  dialog.showModal();
  (wanted ? typed : dialog.querySelector("button[data-answer=cancel]")).focus();
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

// Live pages: a page with data-live follows its process's events on one stream (EventSource reconnects by itself and
// resumes after the last event it had); data-live-open says it is connected. The stream also tells the reader's unread
// count, which the header's Inbox link shows. A paragraph's discussion reloads its threads panel (data-panel); a list
// puts in place what changed in its regions (data-live-region: the page asked again, new items put in, changed ones
// replaced, gone ones taken out, or set aside in a form being filled in: data-live-keep); a reading page asks again for
// the paragraphs an event names (data-live-text) and counts the new replies under each. The page's polite status
// (the data-live element) says what changed, in the page's language (data-live-words, from live_words.py).
const live = document.querySelector("[data-live]");
if (live && window.EventSource) {
  const events = new EventSource(live.dataset.live);
  events.addEventListener("open", () => live.setAttribute("data-live-open", ""));
  events.addEventListener("error", () => live.removeAttribute("data-live-open"));
  events.addEventListener("unread", (message) => {
    const said = JSON.parse(message.data);
    const link = document.querySelector("a[data-inbox]");
    if (!link) return;
    link.textContent = said.text;
    if (said.label) link.setAttribute("aria-label", said.label);
    else link.removeAttribute("aria-label");
  });
  if (live.dataset.panel) {
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
  } else if (live.dataset.liveKinds) {
    livePage(live, events);
  }
}

function livePage(live, events) {
  const words = JSON.parse(live.dataset.liveWords || "{}");
  const lang = document.documentElement.lang || "en";
  const plural = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat(lang);
  const phrase = (verb, n) => {
    const forms = words[verb] || words.other;
    return forms[plural.select(n) === "one" ? 0 : 1].replace("{n}", number.format(n));
  };
  const counted = new Map();  // verb (or "other") → events since the status last spoke
  let textChanged = false;
  const speak = () => {
    const parts = [...counted].map(([verb, n]) => phrase(verb, n));
    counted.clear();
    if (!parts.length && !textChanged) return;
    const said = parts.length ? words.said.replace("{changes}", new Intl.ListFormat(lang, { type: "conjunction" }).format(parts)) : "";
    live.replaceChildren(said);
    if (textChanged) {
      const show = document.createElement("a");
      show.href = location.href;
      show.textContent = words.show;
      live.append(`${said ? " " : ""}${words.changed} `, show);
    }
  };
  const note = (verb) => {
    const key = words[verb] ? verb : "other";
    counted.set(key, (counted.get(key) || 0) + 1);
  };
  // A burst of events (a voting list decided, a room replying) is read once, a moment after it; a thousand readers
  // of one page do not all ask at the same instant.
  let timer = null, running = false, again = false;
  const soon = (work) => {
    if (running) { again = true; return; }
    if (timer) return;
    timer = setTimeout(async () => {
      timer = null;
      running = true;
      try { await work(); } catch (error) { /* the next event or the next page load puts it right */ }
      running = false;
      if (again) { again = false; soon(work); }
    }, 300 + Math.random() * 700);
  };
  const busy = (node) => node.contains(document.activeElement) || node.classList.contains("in-text-open")
    || (() => { const s = window.getSelection(); return s && !s.isCollapsed && s.rangeCount > 0 && node.contains(s.getRangeAt(0).commonAncestorContainer); })();
  const kinds = live.dataset.liveKinds.split(/\s+/).filter(Boolean);

  if (live.dataset.liveText) {  // a reading page
    const article = document.querySelector("article.declaration");
    const pending = new Set();
    const replies = new Map();  // eId → replies since the page was opened
    const onPage = (eid) => eid && article && article.querySelector(`.para[id="${CSS.escape(eid)}"]`);
    const showReplies = (para) => {
      const n = replies.get(para.id);
      const margin = para.querySelector(".para-margin");
      if (!n || !margin) return;
      let news = margin.querySelector(".live-news");
      if (!news) {
        const discuss = margin.querySelector("a.discuss-link");
        news = document.createElement(discuss ? "a" : "span");
        if (discuss) news.href = discuss.href;
        news.className = "live-news";
        margin.append(news);
      }
      news.textContent = phrase("comment.added", n);
    };
    const shown = (para) => {  // what the server says of a paragraph, without what this page added to it
      const margin = para.querySelector(".para-margin");
      const copy = margin ? margin.cloneNode(true) : null;
      if (copy) for (const news of copy.querySelectorAll(".live-news")) news.remove();
      const marks = para.querySelector(".para-marks");
      return [para.dataset.text || "", copy ? copy.innerHTML : "", marks ? marks.outerHTML : ""].join("\u0000");
    };
    const refresh = async () => {
      const asked = [...pending].filter(onPage);
      pending.clear();
      if (!asked.length) return speak();
      const url = new URL(live.dataset.liveText, location.href);
      for (const eid of asked) url.searchParams.append("eid", eid);
      const answer = await fetch(url, { credentials: "same-origin" });
      if (!answer.ok) return speak();
      const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
      for (const para of fresh.querySelectorAll(".para[id]")) {
        const here = onPage(para.id);
        if (!here || shown(here) === shown(para)) continue;
        if (busy(here)) { pending.add(para.id); setTimeout(() => soon(refresh), 3000); continue; }
        const copy = document.importNode(para, true);
        if (here.hasAttribute("tabindex")) copy.setAttribute("tabindex", here.getAttribute("tabindex"));
        here.replaceWith(copy);
        markWords(copy);
        showReplies(copy);
      }
      speak();
    };
    for (const kind of kinds) {
      events.addEventListener(kind, (message) => {
        const event = JSON.parse(message.data);
        const eid = event.data && event.data.eid;
        if (/^paragraph\.(added|moved|deleted)$/.test(event.verb) || event.type === "draft") {
          textChanged = true;
          soon(refresh);
          return;
        }
        if (eid && !onPage(eid)) return;  // another page of the text
        if (event.verb === "comment.added") {
          replies.set(eid, (replies.get(eid) || 0) + 1);
          showReplies(onPage(eid));
        } else if (eid) {
          pending.add(eid);
        } else if (event.type === "amendment") {  // an amendment withdrawn or reworded: the paragraphs it may be on
          for (const mark of article.querySelectorAll(".para-marks li[data-kind=amendment]")) pending.add(mark.closest(".para").id);
          if (!pending.size) return;
        } else {
          return;
        }
        note(event.verb);
        soon(refresh);
      });
    }
    return;
  }

  // A list: its regions put in place from the page asked again.
  const merge = (region, other) => {
    const selector = region.dataset.liveRegion;
    const keep = region.hasAttribute("data-live-keep");
    const items = selector ? [...region.querySelectorAll(selector)].filter((n) => n.id) : [];
    const freshItems = selector ? [...other.querySelectorAll(selector)].filter((n) => n.id) : [];
    if (!items.length || (!freshItems.length && !keep)) {
      if (region.innerHTML !== other.innerHTML && !busy(region)) region.replaceChildren(...document.importNode(other, true).childNodes);
      return;
    }
    const byId = new Map(items.map((n) => [n.id, n]));
    const still = new Set();
    let before = null;
    for (const item of freshItems) {
      let node = byId.get(item.id);
      if (!node) {
        node = document.importNode(item, true);
        node.classList.add("live-new");
        if (before) before.after(node);
        else items[0].before(node);
      } else if (!keep && node.outerHTML !== item.outerHTML && !busy(node)) {
        const copy = document.importNode(item, true);
        node.replaceWith(copy);
        node = copy;
      }
      still.add(node.id);
      before = node;
    }
    for (const node of items) {
      if (still.has(node.id) || node.classList.contains("live-gone")) continue;
      if (!keep) { node.remove(); continue; }
      node.classList.add("live-gone");  // a row of a form being filled in: set aside, said why, never sent
      for (const field of node.querySelectorAll("input, select, textarea, button")) field.disabled = true;
      const why = document.createElement("span");
      why.className = "small live-gone-note";
      why.textContent = ` ${words.gone}`;
      (node.querySelector("td") || node).append(why);
    }
  };
  const refresh = async () => {
    const answer = await fetch(location.href, { credentials: "same-origin" });
    if (!answer.ok) return speak();
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
    for (const region of document.querySelectorAll("[data-live-region][id]")) {
      const other = fresh.getElementById(region.id);
      if (other) merge(region, other);
    }
    speak();
  };
  for (const kind of kinds) {
    events.addEventListener(kind, (message) => {
      note(JSON.parse(message.data).verb);
      soon(refresh);
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
    // Asked for the paragraph: its own translation is not suggested, its earlier one is said to be that.
    const eid = box.closest("li.trow").id;
    const answer = await fetch(`${labels.memory}&text=${encodeURIComponent(box.dataset.source)}&eid=${encodeURIComponent(eid)}`, {credentials: "same-origin"});
    if (!answer.ok) return;
    const found = (await answer.json()).slice(0, 3);
    const title = document.createElement("p");
    title.className = "small muted";
    title.textContent = found.length ? labels.labelMemory : labels.labelNone;
    place.replaceChildren(title);
    for (const s of found) {
      const score = document.createElement("strong");
      score.textContent = labels.labelSimilar.replace("{percent}", String(Math.round(s.similarity * 100)));
      const head = [score, " ", ...s.diff.map(piece)];
      if (s.previous) {
        const mark = document.createElement("span");
        mark.className = "badge previous";
        mark.textContent = labels.labelPrevious;
        head.unshift(mark, " ");
      }
      place.append(suggestion(box, s.previous ? "suggestion previous" : "suggestion", head, s.text));
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
// (`markWords` again for a paragraph a live page put in place.)
function markWords(root) {
  for (const item of root.querySelectorAll(".para-marks li[data-words]")) {
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
}
markWords(document);

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
    const rich = form.querySelector("[data-rich-editor]");
    if (rich && await richEditor(rich.dataset.richEditor)) {
      window.AccordEditor.attach(form, {focus: true});  // the rich editor, or the Markdown box if so chosen
      return;
    }
    const box = form.querySelector("textarea");
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  });
}

// The rich editor's bundle (editor/), loaded once, when a paragraph is first edited here.
let richLoading = null;
function richEditor(src) {
  if (window.AccordEditor) return Promise.resolve(true);
  richLoading = richLoading || new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(Boolean(window.AccordEditor));
    script.onerror = () => { richLoading = null; resolve(false); };
    document.head.append(script);
  });
  return richLoading;
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

// The header's language: one action. A choice made with the pointer, or in the opened list, sends the form at
// once (`next` keeps the page). Arrow keys or letters on the closed select only move the choice (a keyboard user
// passing through the options never leaves the page): the button then shows again, and Enter sends it too.
// Without script the button is there from the start.
for (const form of document.querySelectorAll("form[data-submit-on-choice]")) {
  const select = form.querySelector("select");
  const button = form.querySelector("button[type=submit]");
  if (!select || !button) continue;
  const chosen = select.value;
  let keyed = false;
  const show = (on) => { button.hidden = !on; button.style.display = on ? "" : "none"; };  // `button` sets display
  show(false);
  select.addEventListener("pointerdown", () => { keyed = false; });
  select.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      if (select.value !== chosen) { event.preventDefault(); form.requestSubmit(button); }
      return;
    }
    const opens = event.key === " " || event.altKey || event.key === "F4";  // the list opens: its choice is one
    keyed = !opens && (event.key.length === 1 || /^(Arrow|Page|Home$|End$)/.test(event.key));
  });
  select.addEventListener("change", () => {
    if (!keyed) { form.requestSubmit(button); return; }
    show(select.value !== chosen);
  });
}
