// A paged list (the editor, the side-by-side view…) reached by a link to a paragraph on another of its
// pages: the server is asked for the page holding it (`at`), once.
const paged = document.querySelector("[data-window]");
if (paged && location.hash.length > 1 && !document.getElementById(decodeURIComponent(location.hash.slice(1)))) {
  const address = new URL(location.href);
  if (!address.searchParams.has("at")) {
    address.searchParams.delete("page");
    address.searchParams.set("at", decodeURIComponent(location.hash.slice(1)));
    location.replace(address.href);
  }
}

// Arriving at a paragraph of the editor (after saving, the next one): its text box has the focus. After the
// load: the browser's own move to the #fragment comes at its end and would take the focus back.
if (location.hash && document.querySelector("form.tform")) {
  window.addEventListener("load", () => setTimeout(() => {
    const row = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const box = row && row.querySelector("textarea");
    if (box) box.focus();
  }));
}
