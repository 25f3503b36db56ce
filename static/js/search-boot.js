// Loads the search only when it is used: on focus or typing in the search
// box, on "/" from anywhere (unless the reader turned that off), or on the
// search page with a query. Until then a page carries no search code at all.
(() => {
  const input = document.getElementById("search-input");
  if (!input || !input.form) return;
  const form = input.form;
  let loading = null;
  const load = () => {
    loading = loading || import(form.dataset.script).then((m) => m.attach(form));
    return loading;
  };
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", load, { once: true });

  // "/" is a shortcut of one key, which a reader may turn off (WCAG 2.1.4:
  // speech input types it by accident): the choice is kept in this browser.
  const setting = "kb-slash-shortcut";
  let slash = true;
  try {
    slash = localStorage.getItem(setting) !== "off";
  } catch {}
  const hint = form.querySelector(".slash-hint");
  const toggle = form.querySelector("[data-slash-toggle]");
  const show = () => {
    if (hint) hint.hidden = !slash;
    if (toggle) {
      toggle.parentElement.hidden = false;
      toggle.textContent = slash ? "Turn off the / shortcut" : "Turn on the / shortcut";
    }
  };
  show();
  if (toggle) {
    toggle.addEventListener("click", () => {
      slash = !slash;
      try {
        localStorage.setItem(setting, slash ? "on" : "off");
      } catch {}
      show();
    });
  }
  document.addEventListener("keydown", (e) => {
    if (!slash) return;
    const t = e.target;
    const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
    }
  });
  if (form.dataset.page === "search" && new URLSearchParams(location.search).get("q")) load();
})();
