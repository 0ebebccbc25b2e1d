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
        form.elements.eid.value = eid;
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
