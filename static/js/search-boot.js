// Loads the search only when it is used: on focus or typing in the search
// box, on "/" from anywhere, or on the search page with a query. Until then
// a page carries no search code at all.
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
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      input.focus();
    }
  });
  if (form.dataset.page === "search" && new URLSearchParams(location.search).get("q")) load();
})();
