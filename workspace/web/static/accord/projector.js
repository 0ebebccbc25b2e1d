// The projector: the arrow keys go to the previous and next paragraph.
if (document.querySelector("[data-projector]")) {
  document.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    const link = document.querySelector(`.projector a[rel="${event.key === "ArrowRight" ? "next" : event.key === "ArrowLeft" ? "prev" : ""}"]`);
    if (link) location.href = link.href;
  });
}
