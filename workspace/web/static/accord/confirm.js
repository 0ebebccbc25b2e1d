// Irreversible steps ask first, in the page and in its language: a form with data-confirm (the question: what
// will happen), data-confirm-detail (what cannot be undone) and data-confirm-button (the confirming button's
// label) opens the confirmation dialog made from base.html's #confirm-parts. Focus starts on Cancel (the safe
// answer), stays in the dialog (Tab and Shift+Tab go round), Escape or a click beside it cancels, and focus goes
// back where it was; confirming sends the form as its button would have (the button's name and value with it).
// Without <dialog> (or without script) the form is sent as it is. A form with data-confirm-type (and its label,
// data-confirm-type-label) asks to type that text in the dialog first (a process's short name, to delete it): the
// confirming button waits for it, and it is sent as the form's `confirm`, whose own field (for pages without
// script) the dialog stands in for.
const confirmedForms = new WeakSet();
let confirmDialog = null;

function confirmationDialog() {
  const parts = document.getElementById("confirm-parts");
  if (confirmDialog || !parts || !window.HTMLDialogElement) return confirmDialog;
  confirmDialog = document.importNode(parts.content.querySelector("dialog"), true);
  const question = document.createElement("h2");  // made here: a page read as HTML keeps its own outline
  question.id = "confirm-question";
  question.dataset.part = "question";
  confirmDialog.querySelector(".confirm-box").prepend(question);
  document.body.append(confirmDialog);
  const buttons = () => [...confirmDialog.querySelectorAll("button, input")].filter(
    (element) => !element.disabled && !element.closest("[hidden]"));
  confirmDialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const all = buttons();
    const at = all.indexOf(document.activeElement);
    const next = event.shiftKey ? (at <= 0 ? all.length - 1 : at - 1) : (at === all.length - 1 ? 0 : at + 1);
    event.preventDefault();
    all[next].focus();
  });
  confirmDialog.addEventListener("click", (event) => {
    const answer = event.target.closest("button[data-answer]");
    if (answer) confirmDialog.close(answer.dataset.answer);
    else if (event.target === confirmDialog) confirmDialog.close("cancel");  // the backdrop, beside the box
  });
  return confirmDialog;
}

if (window.HTMLDialogElement) {  // the dialog asks for the typed text: the form's own field is for pages without it
  for (const form of document.querySelectorAll("form[data-confirm-type]")) {
    const field = form.elements.confirm;
    if (!field) continue;
    field.required = false;
    (field.closest("p") || field).hidden = true;
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("form[data-confirm]")) return;
  if (confirmedForms.delete(form)) return;  // asked and confirmed: on its way
  const dialog = confirmationDialog();
  if (!dialog || dialog.open) return;
  event.preventDefault();
  const submitter = event.submitter;
  const focused = document.activeElement;
  const back = focused && focused !== document.body && form.contains(focused) ? focused : submitter;
  const yes = dialog.querySelector("button[data-answer=confirm]");
  dialog.querySelector("[data-part=question]").textContent = form.dataset.confirm;
  const detail = dialog.querySelector("[data-part=detail]");
  detail.textContent = form.dataset.confirmDetail || "";
  detail.hidden = !detail.textContent;
  if (detail.hidden) dialog.removeAttribute("aria-describedby");
  else dialog.setAttribute("aria-describedby", detail.id);
  yes.textContent = form.dataset.confirmButton || (submitter ? submitter.textContent.trim() : "");
  const typedPart = dialog.querySelector("[data-part=typed]");
  const typed = typedPart.querySelector("input");
  const wanted = form.dataset.confirmType;
  typedPart.hidden = !wanted;
  typed.value = "";
  yes.disabled = Boolean(wanted);
  if (wanted) {
    typedPart.querySelector("[data-part=typed-label]").textContent = form.dataset.confirmTypeLabel || wanted;
    typed.oninput = () => { yes.disabled = typed.value.trim() !== wanted; };
    typed.onkeydown = (event) => {
      if (event.key === "Enter" && !yes.disabled) { event.preventDefault(); dialog.close("confirm"); }
    };
  }
  const danger = Boolean(submitter && submitter.classList.contains("danger"));
  yes.classList.toggle("danger", danger);
  dialog.classList.toggle("confirm-danger", danger);
  dialog.returnValue = "";
  dialog.addEventListener("close", () => {
    if (back && back.isConnected) back.focus();
    if (dialog.returnValue !== "confirm") return;
    if (wanted && form.elements.confirm) form.elements.confirm.value = typed.value.trim();
    confirmedForms.add(form);
    if (submitter && submitter.form === form) form.requestSubmit(submitter);
    else form.requestSubmit();
  }, { once: true });
  dialog.showModal();
  (wanted ? typed : dialog.querySelector("button[data-answer=cancel]")).focus();
});
