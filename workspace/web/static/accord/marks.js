// The words of a paragraph that open threads and amendments are on, marked in its text; a mark hovered or
// focused shows its thread's first comment or its amendment's change (the list under the paragraph says it too).
// (`markWords` again for a paragraph a live page put in place.)
export function markWords(root) {
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
