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
