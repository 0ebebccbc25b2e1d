// The public's language switcher keeps the paragraph in view: the link takes the eId of the first
// paragraph on screen when it is followed.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-keep-paragraph]");
  if (!link) return;
  const paragraphs = [...document.querySelectorAll(".pub-para[id], .parallel-row[id]")];
  const bar = link.closest(".lang-switch");
  const top = bar ? bar.getBoundingClientRect().bottom : 0;  // below the sticky switcher
  const inView = paragraphs.find((p) => p.getBoundingClientRect().bottom > top + 1);
  if (inView) link.href = link.href.split("#")[0] + "#" + inView.id;
});
