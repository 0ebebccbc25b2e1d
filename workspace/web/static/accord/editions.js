// A proposal's paragraph list follows the edition it is written in (issue 67): new wording in an edition is made on
// that edition's paragraph, so one it has no translation of is marked and cannot be chosen, before anything is typed.
// The server marks them for the choices it was sent (without a script, that is all); this follows those made since.
const key = (prefix, code) => prefix + code.charAt(0).toUpperCase() + code.slice(1); // data-missing-fr: missingFr

for (const list of document.querySelectorAll("select[data-editions-of]")) {
  const language = document.getElementById(list.dataset.editionsOf);
  const kind = document.getElementById(list.dataset.kindOf);
  const hint = document.getElementById(list.getAttribute("aria-describedby"));
  if (!language || !kind) continue;
  const follow = () => {
    const code = language.value;
    const missing = list.dataset[key("missing", code)]; // none for the source language: it has every paragraph
    for (const option of list.options) {
      if (!option.value) continue;
      const lacks = Boolean(missing) && kind.value === "modify" && !option.dataset.editions.split(" ").includes(code);
      option.disabled = lacks;
      option.textContent = lacks ? `${option.dataset.label} — ${missing}` : option.dataset.label;
      if (lacks && option.selected) list.value = "";
    }
    if (hint) {
      const said = hint.dataset[key("hint", code)];
      hint.hidden = !said;
      hint.textContent = said || "";
    }
  };
  language.addEventListener("change", follow);
  kind.addEventListener("change", follow);
}
