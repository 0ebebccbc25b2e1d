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
