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
      box.dispatchEvent(new Event("input")); // grown, and sent to the paragraph's shared room if it is in one
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
    use.addEventListener("click", () => { box.value = proposed; box.dispatchEvent(new Event("input")); box.focus(); });
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
