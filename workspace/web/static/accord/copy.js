// A link to hand on (an invitation's): its button (data-copy: the field's id) copies it and says so in the status
// beside it. Without script the button stays hidden and the hint under the field says to select the link and copy
// it; the field is wide enough to read the link whole, and selects it all when focused.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  if (!field) continue;
  const said = button.parentElement.querySelector(".copy-said");
  const say = (words) => { if (said) said.textContent = words; };
  button.hidden = false;
  for (const hint of document.querySelectorAll(`[data-copy-hint="${CSS.escape(button.dataset.copy)}"]`)) {
    hint.hidden = true;  // the button says it all now
    if (field.getAttribute("aria-describedby") === hint.id) field.removeAttribute("aria-describedby");
  }
  field.addEventListener("focus", () => field.select());
  button.addEventListener("click", async () => {
    try {
      if (navigator.clipboard) await navigator.clipboard.writeText(field.value);
      else {  // a page served over plain HTTP has no clipboard API: the older way
        field.focus();
        field.select();
        if (!document.execCommand("copy")) throw new Error("not copied");
      }
      say(button.dataset.copied);
    } catch (error) {
      field.focus();
      field.select();
      say(button.dataset.select);
    }
  });
}
