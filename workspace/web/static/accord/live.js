import { markWords } from "./marks.js";

// Live pages: a page with data-live follows its process's events on one stream (EventSource reconnects by itself and
// resumes after the last event it had); data-live-open says it is connected. The stream also tells the reader's unread
// count, which the header's Inbox link shows. A paragraph's discussion reloads its threads panel (data-panel); a list
// puts in place what changed in its regions (data-live-region: the page asked again, new items put in, changed ones
// replaced, gone ones taken out, or set aside in a form being filled in: data-live-keep); a reading page asks again for
// the paragraphs an event names (data-live-text) and counts the new replies under each. The page's polite status
// (the data-live element) says what changed, in the page's language (data-live-words, from live_words.py).
const live = document.querySelector("[data-live]");
export let events = null;  // the page's stream, which presence.js listens to as well
if (live && window.EventSource) {
  events = new EventSource(live.dataset.live);
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
  const subject = live.dataset.liveSubject;  // a page of one thread: its own events only
  for (const kind of kinds) {
    events.addEventListener(kind, (message) => {
      const event = JSON.parse(message.data);
      if (subject && event.subject !== subject) return;
      note(event.verb);
      soon(refresh);
    });
  }
}
