// Small progressive enhancements; every page works without them. Selects never submit on change:
// a keyboard user moving through the options with the arrow keys would leave the page at each one.

// Forms that remove something ask first (the text is in the form's data-confirm, translated).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
