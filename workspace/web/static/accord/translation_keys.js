// The translation editor from the keyboard: Ctrl+Enter marks the paragraph translated and goes on
// to the next; Alt+↓ and Alt+↑ move between paragraphs.
document.addEventListener("keydown", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.closest("form.tform")) return;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    box.form.querySelector("button[data-next]").click();
  } else if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
    event.preventDefault();
    const boxes = [...document.querySelectorAll("form.tform textarea")];
    const next = boxes[boxes.indexOf(box) + (event.key === "ArrowDown" ? 1 : -1)];
    const pager = document.querySelector(`.pager a[rel="${event.key === "ArrowDown" ? "next" : "prev"}"]`);
    if (next) next.focus();
    else if (pager) location.href = event.key === "ArrowDown" ? pager.href + `&at=${box.form.elements.next_eid.value}#${box.form.elements.next_eid.value}` : pager.href;
  }
});
