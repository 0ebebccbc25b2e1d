// The room's pages (templates/meetings/): the screen, the console and the delegate's page follow the meeting's own
// events (data-room-events; EventSource resumes after the last one it had).
//
// A plenary has a thousand delegates following one meeting: an event must not make a thousand pages ask for
// themselves at once. So the delegate's page and the screen put `meeting.pointer` (the paragraph in every language),
// `meeting.light`, `meeting.floor` and `meeting.vote` in place from the event's own data, with the page's own words
// (<template class="room-words">, made in the reader's language), and insert every text as text. What an event
// cannot say (a typed text, a slot, the meeting's state, the delegate's own request on the floor) is read by asking
// for the page again and putting its regions (data-room-region) in place: one request at a time per page, the
// delegates' pages each after a random 0-3 s so that they do not all ask at once; the screen (and its neighbouring
// paragraphs) and the console, a few pages, at once. The console asks for the page at every event: its forms follow
// the pointer.
//
// The live region says where the room now is, a light changed, who has the floor (#room-said, in the reader's
// language). Forms marked data-room-action are sent without leaving the page, asking for JSON: a refusal is shown in
// #room-error, a typed text that came too late (409) with the other change beside it. The screen keeps the pointer's
// paragraph in view.
const room = document.querySelector("[data-room]");
if (room && window.EventSource) followRoom(room);

function followRoom(room) {
  const view = room.dataset.room;
  const delegation = room.dataset.roomDelegation || "";
  const live = document.getElementById("room-live");
  let following = true;
  let timer = null, running = false, again = false, held = false;
  let during = null;  // the events put in place from their data while the page was being asked for

  const say = (text) => { if (live && text) live.textContent = text; };
  const saidNow = () => {
    const node = document.getElementById("room-said");
    return node ? { ...node.dataset } : {};
  };
  const typing = (region) => {
    const active = document.activeElement;
    return region.contains(active) && active.matches("textarea, input[type=text], input:not([type]), input[type=datetime-local]")
      && (active.value !== active.defaultValue);
  };

  // The page's own words, and the parts the script makes with them (always text, never markup from the data).
  const words = {};
  for (const template of document.querySelectorAll("template.room-words")) {
    for (const node of template.content.querySelectorAll("[data-w]")) words[node.dataset.w] = node.textContent;
  }
  const fill = (name, values) =>
    (words[name] || "").replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
  const make = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const lightBadge = (light) => {
    const badge = make("span", `light light-${light}`, words[`light.${light}`] || light);
    badge.append(make("span", "light-meaning", `: ${words[`meaning.${light}`] || ""}`));
    return badge;
  };
  const machineBadge = () => make("span", "badge machine", words.machine);
  const wordsOf = (paragraph, lang) => {  // <p class="words"> with its brackets marked by who introduced each
    const text = paragraph.texts[lang] || "";
    const holders = (paragraph.brackets || []).map((b) => b.delegation);
    const out = make("p", "words");
    let at = 0;
    topBrackets(text).forEach(([start, end], k) => {
      out.append(text.slice(at, start));
      const mark = make("mark", "bracket", text.slice(start, end));
      if (holders[k]) mark.append(make("span", "by", holders[k]));
      out.append(mark);
      at = end;
    });
    out.append(text.slice(at));
    return out;
  };
  const lightSaid = (ref, light) =>
    fill("light_said", { ref, light: words[`light.${light}`] || light, meaning: words[`meaning.${light}`] || "" });

  // meeting.pointer: the paragraph the room is on, in every language.
  const saidNode = () => document.getElementById("room-said");
  const onPointer = (data, quiet) => {
    const paragraph = data.paragraph;
    const said = saidNode();
    const lang = said ? said.dataset.lang : "";
    const ref = (paragraph.ref || {})[lang] || paragraph.eid;
    const moved = !said || said.dataset.eid !== paragraph.eid;
    if (said) {
      said.dataset.eid = paragraph.eid;
      said.dataset.ref = ref;
      said.dataset.pointer = fill("now_on", { ref });
      said.dataset.light = lightSaid(ref, paragraph.light.light);
    }
    if (!quiet && moved) say(said ? said.dataset.pointer : "");
    if (view === "delegate") {
      if (following) delegateText(paragraph);
      else showAway(said ? said.dataset.pointer : "");
      positionOn(paragraph);
      return false;
    }
    screenText(paragraph);
    return true;  // the paragraphs before and after it are the page's to say
  };
  const delegateText = (paragraph) => {
    const section = document.getElementById("room-text");
    if (!section) return;
    const lang = room.dataset.roomLang;
    const opened = new Set([...section.querySelectorAll("details[open]")].map((d) => d.lang));
    const focused = document.activeElement && section.contains(document.activeElement)
      ? document.activeElement.closest("details")?.lang : undefined;
    const title = make("h2", "", fill("we_are_on", { ref: paragraph.ref[lang] || paragraph.eid }));
    title.id = "text-title";
    title.append(" ", lightBadge(paragraph.light.light));
    const own = make("div", "room-words");
    own.lang = lang;
    if (paragraph.machine[lang]) own.append(" ", machineBadge());
    own.append(wordsOf(paragraph, lang));
    const parts = [title, own];
    for (const other of (room.dataset.roomLanguages || "").split(" ")) {
      if (!other || other === lang) continue;
      const details = make("details", "other-language");
      details.lang = other;
      details.open = opened.has(other);
      const summary = make("summary", "", words[`language.${other}`] || other);
      summary.lang = document.documentElement.lang;
      if (paragraph.machine[other]) summary.append(" ", machineBadge());
      details.append(summary, wordsOf(paragraph, other));
      parts.push(details);
    }
    section.replaceChildren(...parts);
    if (focused) section.querySelector(`details[lang="${CSS.escape(focused)}"] summary`)?.focus();
  };
  const screenText = (paragraph) => {
    const section = document.getElementById("room-text");
    if (!section) return;
    const shown = (room.dataset.roomShown || "").split(" ").filter(Boolean);
    const article = make("article", "screen-para current");
    article.id = `para-${paragraph.eid}`;
    article.setAttribute("aria-current", "true");
    const title = make("h2", "para-ref", (paragraph.ref || {})[shown[0]] || paragraph.eid);
    title.append(" ", lightBadge(paragraph.light.light));
    const sides = make("div", `sides sides-${shown.length}`);
    for (const lang of shown) {
      const side = make("div", "side");
      side.lang = lang;
      if (shown.length > 1 || paragraph.machine[lang]) {
        const label = make("p", "side-lang small", shown.length > 1 ? words[`language.${lang}`] || lang : "");
        if (paragraph.machine[lang]) label.append(" ", machineBadge());
        side.append(label);
      }
      side.append(wordsOf(paragraph, lang));
      sides.append(side);
    }
    article.append(title, sides);
    for (const other of section.querySelectorAll("article.current")) {
      other.classList.remove("current");
      other.removeAttribute("aria-current");
    }
    const there = document.getElementById(article.id);
    if (there && section.contains(there)) there.replaceWith(article);
    else section.replaceChildren(article);  // a jump: its neighbours come with the page
    keepInView();
  };

  // The delegate's position follows the pointer; the revision it changes is looked up when it is sent.
  let positionLater = null;
  const positionOn = (paragraph) => {
    const section = document.getElementById("room-position");
    if (!section || !delegation) return;
    clearTimeout(positionLater);
    if (typing(section)) {  // what a person is typing stays on the paragraph they typed it for, until they leave it
      positionLater = setTimeout(() => positionOn(paragraph), 1000);
      return;
    }
    if (!section.querySelector("form")) {
      const waiting = document.getElementById("position-form");
      if (!waiting) return;
      section.replaceChildren(waiting.content.cloneNode(true));
    }
    const eid = section.querySelector("form input[name=eid]");
    if (eid.value === paragraph.eid) return;
    eid.value = paragraph.eid;
    section.querySelector("form input[name=base]").value = "";
    const title = section.querySelector("h2");
    if (title) title.textContent = fill("stands", { ref: paragraph.ref[room.dataset.roomLang] || paragraph.eid });
  };
  const positionBase = async (form) => {
    const base = form.querySelector("input[name=base]");
    if (!base || base.value !== "" || !form.dataset.roomPosition) return;
    const eid = form.querySelector("input[name=eid]").value;
    const answer = await fetch(`${form.dataset.roomPosition}&eid=${encodeURIComponent(eid)}`,
      { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!answer.ok) return;
    const held = await answer.json();
    base.value = String(held.length ? held[0].revision : 0);
  };

  // meeting.light: a paragraph's light, said when it is the one the room is on.
  const onLight = (light, quiet) => {
    for (const badge of document.querySelectorAll(`#para-${CSS.escape(light.eid)} h2 .light`)) {
      badge.replaceWith(lightBadge(light.light));
    }
    const said = saidNode();
    if (!said || said.dataset.eid !== light.eid) return false;
    if (view === "delegate" && following) document.querySelector("#room-text h2 .light")?.replaceWith(lightBadge(light.light));
    const now = lightSaid(said.dataset.ref, light.light);
    if (!quiet && now !== said.dataset.light) say(now);
    said.dataset.light = now;
    return false;
  };

  // meeting.floor: who has the floor and who waits (the screen's next three); the delegate's own request's form is
  // the page's to say, asked for when it changed.
  const onFloor = (floor, quiet) => {
    const section = document.getElementById("room-floor");
    const now = section && section.querySelector(".floor-now");
    if (!now) return true;
    const speaker = make("p", "speaker");
    if (floor.speaker) {
      speaker.append(fill("has_floor", { delegation: floor.speaker.delegation_name }), " ",
        make("span", "badge", words[`intent.${floor.speaker.intent}`] || floor.speaker.intent));
    } else speaker.append(make("span", "muted", words.nobody_has));
    const queue = view === "screen" ? floor.queue.slice(0, 3) : floor.queue;
    let waiting;
    if (queue.length) {
      waiting = make("ol", "queue");
      for (const request of queue) {
        const item = make("li", "", `${request.delegation_name} `);
        item.id = `request-${request.number}`;
        item.append(make("span", "badge", words[`intent.${request.intent}`] || request.intent));
        waiting.append(item);
      }
    } else waiting = make("p", "muted small", words.nobody_waits);
    now.replaceChildren(speaker, waiting);
    const said = saidNode();
    const has = floor.speaker ? fill("has_floor", { delegation: floor.speaker.delegation_name }) : "";
    if (said) {
      if (!quiet && has && has !== said.dataset.floor) say(has);
      said.dataset.floor = has;
    }
    if (view !== "delegate" || !delegation) return false;
    const asked = floor.queue.find((r) => r.delegation === delegation);
    const mine = asked ? `w${asked.number}` : floor.speaker && floor.speaker.delegation === delegation ? "s" : "";
    return mine !== (section.dataset.roomMine || "");
  };

  // meeting.vote: the count as it comes and the result; the delegate's ballot form from #ballot-form.
  const onVote = (vote) => {
    const section = document.getElementById("room-vote");
    if (!section) return true;
    if (vote.number < Number(section.dataset.roomVoteNumber || 0)) return false;  // an older vote's
    section.dataset.roomVoteNumber = String(vote.number);
    const title = section.querySelector("h2");
    if (title) title.classList.remove("sr-only");
    let now = section.querySelector(".vote-now");
    if (!now) {
      now = make("div", "vote-now");
      (title || section).after(now);
    }
    const on = make("p", "vote-on", fill("vote_on", { label: vote.on.amendment || vote.on.ref || vote.on.eid || "" }));
    if (vote.recorded) on.append(" ", make("span", "badge", words.recorded));
    on.append(" ", make("span", "badge", words[`vote_state.${vote.state}`] || vote.state));
    const parts = [on, make("p", "vote-count", fill("count", { yes: vote.yes, no: vote.no, abstain: vote.abstain }))];
    if (vote.state === "closed") {
      const result = make("p", "vote-result");
      result.append(make("strong", "", vote.carried ? words.carried : words.not_carried));
      parts.push(result);
    }
    const roll = vote.roll_call || {};
    const codes = Object.keys(roll).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    if (codes.length) {
      parts.push(make("p", "small roll-call", codes.map((c) => `${c}: ${words[`ballot.${roll[c]}`] || roll[c]}`).join(" · ")));
    }
    now.replaceChildren(...parts);
    if (view === "delegate" && delegation) ballotForm(section, vote);
    return false;
  };
  const ballotForm = (section, vote) => {
    const ballot = (vote.roll_call || {})[delegation] || "";
    const key = vote.state === "open" ? `${vote.number}:${ballot}` : "";
    if (key === (section.dataset.roomBallot || "")) return;
    section.dataset.roomBallot = key;
    const old = section.querySelector("form");
    const pressed = old && old.contains(document.activeElement) ? document.activeElement.value : null;
    if (old) old.remove();
    const blank = document.getElementById("ballot-form");
    if (!key || !blank) return;
    const part = blank.content.cloneNode(true);
    const form = part.querySelector("form");
    form.action = form.dataset.roomBallotAction.replace("{number}", String(vote.number));
    form.querySelector(".my-ballot").textContent = ballot ? `: ${words[`ballot.${ballot}`] || ballot}` : "";
    section.append(part);
    if (pressed) form.querySelector(`button[value="${CSS.escape(pressed)}"]`)?.focus();
  };

  // meeting.text and meeting.slot: the delegate's page asks for itself only when they concern what it shows.
  const onText = (data) => {
    if (view === "chair" || !data.paragraph || data.eid !== saidNow().eid) {
      return view !== "delegate" || (following && data.eid === saidNow().eid);
    }
    if (view === "delegate") {  // the words typed (and their machine drafts) on the paragraph shown, from the event
      if (following) delegateText(data.paragraph);
      return false;
    }
    screenText(data.paragraph);
    return false;
  };
  const onSlot = (data) => {
    if (view !== "delegate") return true;
    const asked = (data.slot && data.slot.delegations) || [];
    return Boolean(delegation) && (!asked.length || asked.includes(delegation));
  };

  const put = (kind, data, quiet = false) => {  // true: the page must be asked for what the event cannot say
    if (kind === "pointer" && data.paragraph) return onPointer(data, quiet);
    if (kind === "light" && data.view) return onLight(data.view, quiet);
    if (kind === "floor" && data.floor) return onFloor(data.floor, quiet);
    if (kind === "vote" && data.vote) return onVote(data.vote);
    if (kind === "text") return onText(data);
    if (kind === "slot") return onSlot(data);
    return true;
  };
  const heard = (kind, event) => {
    if (view === "chair") { soon(); return; }
    let data;
    try {
      data = JSON.parse(event.data).data || {};
    } catch (error) {
      soon();
      return;
    }
    let ask = true;
    try {
      ask = put(kind, data);
      if (during && ["pointer", "light", "floor", "vote", "text"].includes(kind)) during.push([kind, data]);
    } catch (error) { /* the page as it stands puts it right */ }
    if (ask) soon();
  };

  const refresh = async () => {
    during = [];
    let fresh;
    try {
      const answer = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!answer.ok) return;
      fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
    } finally {
      if (!fresh) during = null;
    }
    const before = saidNow();
    const focused = document.activeElement && document.activeElement.id;
    for (const region of document.querySelectorAll("[data-room-region][id]")) {
      if (!following && region.id === "room-text") continue;
      const other = fresh.getElementById(region.id);
      if (!other || region.innerHTML === other.innerHTML) {
        if (other) copyAttributes(other, region);
        continue;
      }
      if (typing(region)) { held = true; continue; }  // what a person is typing is never taken from them
      region.replaceChildren(...document.importNode(other, true).childNodes);
      copyAttributes(other, region);
    }
    for (const fresh_ of fresh.querySelectorAll("[data-room-region][id]")) {  // a region the page did not have
      if (!document.getElementById(fresh_.id)) held = true;
    }
    // What came by the events while the page was on its way is newer than the page may be: put it back on top.
    const replay = during;
    during = null;
    for (const [kind, data] of replay) {
      try { put(kind, data, true); } catch (error) { /* the next event puts it right */ }
    }
    if (focused && !document.getElementById(focused)) document.getElementById("main")?.focus();
    else if (focused && document.activeElement === document.body) document.getElementById(focused)?.focus();
    const now = saidNow();
    const changes = [];
    if (now.pointer && now.pointer !== before.pointer) changes.push(now.pointer);
    else if (now.light && now.light !== before.light) changes.push(now.light);
    if (now.floor && now.floor !== before.floor) changes.push(now.floor);
    if (now.state && now.state !== before.state) changes.push(now.state);
    if (changes.length) say(changes.join(". "));
    if (view === "screen") keepInView();
    if (!following) showAway(now.pointer);
  };
  // One request at a time per page; a delegate's page waits a random 0-3 s (a plenary's thousand pages spread),
  // unless the reader asked (delay 0). What changed while it was out is asked for after it; a region left as it was
  // for someone typing in it, a second later.
  const spread = () => (view === "delegate" ? Math.random() * 3000 : 30);
  const soon = (delay = spread()) => {
    if (running) { again = true; return; }
    if (timer) return;
    timer = setTimeout(async () => {
      timer = null;
      running = true;
      try { await refresh(); } catch (error) { /* the next event puts it right */ }
      running = false;
      const next = again ? spread() : held ? 1000 : null;
      again = held = false;
      if (next !== null) soon(next);
    }, delay);
  };

  const events = new EventSource(room.dataset.roomEvents);
  events.addEventListener("open", () => room.setAttribute("data-room-open", ""));
  events.addEventListener("error", () => room.removeAttribute("data-room-open"));
  for (const kind of ["state", "pointer", "light", "floor", "text", "slot", "vote"]) {
    events.addEventListener(`meeting.${kind}`, (event) => heard(kind, event));
  }

  // The console: the alternative texts that come in for a slot are proposals, told on the process's own stream.
  if (room.dataset.roomAnswers) {
    new EventSource(room.dataset.roomAnswers).addEventListener("submission", () => soon());
  }

  // The screen: the pointer's paragraph in view, its text clean (c) or marked, the languages one or all (l).
  function keepInView() {
    const current = document.querySelector(".screen-para.current");
    if (current) current.scrollIntoView({ block: "center" });
  }
  if (view === "screen") keepInView();

  // The delegate's page: stop following to read elsewhere, and come back, with one key (f).
  const follow = document.querySelector("button[data-follow]");
  const away = document.querySelector("[data-away]");
  const followWords = JSON.parse(room.dataset.roomFollowWords || "{}");
  function showAway(where) {
    if (!away) return;
    away.hidden = following;
    away.textContent = following ? "" : `${followWords.away || ""} ${where || ""}`.trim();
  }
  const toggleFollow = () => {
    following = !following;
    if (follow) {
      follow.setAttribute("aria-pressed", String(following));
      follow.textContent = following ? followWords.stop : followWords.again;
    }
    showAway(saidNow().pointer);
    if (following) soon(0);
  };
  if (follow) {
    follow.hidden = false;
    follow.addEventListener("click", toggleFollow);
  }

  // The forms, sent without leaving the page.
  const error = document.getElementById("room-error");
  const showError = (text) => {
    if (!error) return;
    error.hidden = !text;
    error.textContent = text || "";
  };
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-room-action")) return;
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form, event.submitter || undefined));  // the button pressed too
    const buttons = [...form.querySelectorAll("button")];
    for (const b of buttons) b.disabled = true;
    let answer;
    try {
      if (form.hasAttribute("data-room-position")) {  // a position on a paragraph the page came to by an event
        await positionBase(form).catch(() => {});
        body.set("base", form.querySelector("input[name=base]").value);
      }
      answer = await fetch(form.action, { method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" } });
    } finally {
      for (const b of buttons) b.disabled = false;
    }
    const said = await answer.json().catch(() => ({}));
    if (!answer.ok) {
      showError(said.error || answer.statusText || String(answer.status));
      if (answer.status === 409 && form.id === "type-form" && said.detail) showConflict(form, said.detail);
      return;
    }
    showError("");
    if (form.hasAttribute("data-room-reset")) {
      for (const field of form.querySelectorAll("input[type=text], textarea, input[type=datetime-local]")) {
        field.value = "";
        field.defaultValue = "";
      }
    }
    if (form.id === "type-form") {
      const box = form.querySelector("textarea");
      box.defaultValue = box.value;  // saved: the page may put the paragraph as it now stands in its place
      const conflict = document.getElementById("type-conflict");
      if (conflict) conflict.hidden = true;
    }
    if (form.hasAttribute("data-room-position") && typeof said.revision === "number") {
      form.querySelector("input[name=base]").value = String(said.revision);
    }
    soon(0);
  });

  // The other change a late typist is shown: its words and what changed, the base moved to it to redo theirs.
  const showConflict = (form, detail) => {
    const place = document.getElementById("type-conflict");
    if (!place) return;
    const text = document.createElement("p");
    text.className = "diff";
    for (const [op, words] of detail.diff || []) {
      const node = document.createElement(op === 1 ? "ins" : op === -1 ? "del" : "span");
      node.textContent = words;
      text.append(node);
    }
    place.replaceChildren(text);
    place.hidden = false;
    const base = form.querySelector("input[name=base_revision]");
    if (base && detail.current_revision) base.value = detail.current_revision;
  };

  // Keys: the console's (j k ↓ ↑ g y r w n, t s v to a field), the screen's (c, l), the delegate's (f).
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    const key = event.key === "ArrowDown" ? "j" : event.key === "ArrowUp" ? "k" : event.key;
    if (view === "screen") {
      if (key === "c") room.classList.toggle("clean");
      else if (key === "l") {
        const all = (room.dataset.roomLanguages || "all").split(" ");
        const url = new URL(location.href);
        url.searchParams.set("lang", all[(all.indexOf(room.dataset.roomLang) + 1) % all.length]);
        location.href = url.href;
      } else return;
      event.preventDefault();
      return;
    }
    if (view === "delegate" && key === "f") { event.preventDefault(); toggleFollow(); return; }
    if (view !== "chair") return;
    const control = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (!control) return;
    event.preventDefault();
    if (control instanceof HTMLButtonElement) control.click();  // sent as its form, by the button pressed
    else control.focus();
  });
}

function copyAttributes(from, to) {
  for (const name of ["hidden", "data-pointer", "data-light", "data-floor", "data-state", "data-eid", "data-ref",
    "data-room-mine", "data-room-vote-number", "data-room-ballot"]) {
    if (from.hasAttribute(name)) to.setAttribute(name, from.getAttribute(name));
    else to.removeAttribute(name);
  }
}

// The top-level brackets of a paragraph's text, [start, end) each, adjacent alternatives ("[shall][should]") one
// bracket: as domain/brackets reads them for the page (markup is no bracket: an escaped "\[", a code span, a link
// "[text](url)", an image, a footnote marker "[^1]"; a "[" never closed, or a "]" closing none, is left as text).
function topBrackets(text) {
  const closes = new Map(), ends = new Map(), open = [], parens = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") { i++; continue; }
    if (c === "`") {  // a code span: up to the next run of as many backticks, if there is one
      let run = 1;
      while (text[i + run] === "`") run++;
      const fence = "`".repeat(run);
      let close = text.indexOf(fence, i + run);
      while (close !== -1 && text[close + run] === "`") close = text.indexOf(fence, close + run + 1);
      i = close === -1 ? i + run - 1 : close + run - 1;
      continue;
    }
    if (c === "[") open.push(i);
    else if (c === "]" && open.length) closes.set(open.pop(), i);
    else if (c === "(") parens.push(i);
    else if (c === ")" && parens.length) ends.set(parens.pop(), i);
  }
  const markup = (start, close) => {  // the offset after a link, an image or a footnote marker; null for a bracket
    if (text[start + 1] === "^" && !text.slice(start + 1, close).includes(" ")) return close + 1;
    if (text[close + 1] === "(" && ends.has(close + 1)) return ends.get(close + 1) + 1;
    if (start > 0 && text[start - 1] === "!") return close + 1;
    return null;
  };
  const found = [];
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf("[", i);
    if (at === -1) break;
    const close = closes.get(at);
    if (close === undefined) { i = at + 1; continue; }  // unbalanced, escaped or in a code span
    const skip = markup(at, close);
    if (skip !== null) { i = skip; continue; }
    let end = close;
    while (text[end + 1] === "[" && closes.has(end + 1) && markup(end + 1, closes.get(end + 1)) === null) {
      end = closes.get(end + 1);
    }
    found.push([at, end + 1]);
    i = end + 1;
  }
  return found;
}
