// "Find elsewhere": words selected in a paragraph of a text (a version, the draft, a published declaration) offer one
// action, asking them as a phrase across every process the reader reads and every published declaration (/search).
const LONGEST = 160; // a phrase, not a paragraph: the search takes at most 200 characters

const LETTER = /[\p{L}\p{N}]/u;
let shown = null;

// The words selected, whole: a selection made with the mouse often begins or ends inside a word.
function whole(text, selected) {
  const at = text.indexOf(selected);
  if (at < 0) return selected;
  let start = at;
  let end = at + selected.length;
  while (start > 0 && LETTER.test(text[start - 1]) && LETTER.test(text[start])) start -= 1;
  while (end < text.length && LETTER.test(text[end]) && LETTER.test(text[end - 1])) end += 1;
  return text.slice(start, end);
}

function hide() {
  if (shown) shown.remove();
  shown = null;
}

function offer(event) {
  if (shown && shown.contains(event.target)) return;
  hide();
  const parts = document.getElementById("find-elsewhere");
  const selection = window.getSelection();
  if (!parts || !selection || selection.isCollapsed || selection.rangeCount === 0) return;
  const range = selection.getRangeAt(0);
  const paragraph = range.commonAncestorContainer.parentElement?.closest(".para");
  const words = whole(paragraph.textContent || "", selection.toString()).replace(/\s+/g, " ").trim().replaceAll('"', "");
  if (!paragraph || !words || words.length > LONGEST) return;
  shown = parts.content.firstElementChild.cloneNode(true);
  shown.href = `/search?${new URLSearchParams({ q: `"${words}"` })}`;
  const box = range.getBoundingClientRect();
  shown.style.position = "absolute";
  shown.style.left = `${Math.max(0, box.left + window.scrollX)}px`;
  shown.style.top = `${box.bottom + window.scrollY + 4}px`;
  document.body.append(shown);
}

document.addEventListener("mouseup", offer);
document.addEventListener("keyup", (event) => {
  if (event.shiftKey) offer(event); // words selected with the keyboard (shift and the arrows)
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") hide();
});
