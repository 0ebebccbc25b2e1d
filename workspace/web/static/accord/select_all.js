// A list's "select all" box ticks (or unticks) every row's box of the same name in the same form.
document.addEventListener("change", (event) => {
  const all = event.target.closest && event.target.closest("input[data-select-all]");
  if (!all) return;
  const form = all.getAttribute("form");
  for (const box of document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]${form ? `[form="${form}"]` : ""}`)) {
    box.checked = all.checked;
  }
});
