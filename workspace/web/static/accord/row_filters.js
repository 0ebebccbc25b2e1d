// Rows selected by a filter (the negotiation list): every row, those of a status, those with nothing open.
for (const bar of document.querySelectorAll(".select-by")) {
  bar.hidden = false;
  bar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-select-rows]");
    if (!button) return;
    const rule = button.dataset.selectRows;
    for (const row of document.querySelectorAll("tr[data-status]")) {
      const box = row.querySelector("input[type=checkbox][name=eids]");
      if (!box) continue;
      box.checked = rule === "all" || (rule === "unamended" && row.dataset.unamended === "yes")
        || (rule.startsWith("status:") && row.dataset.status === rule.slice(7));
    }
  });
}
