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
