// Article pages: copy a link to a cause, fix, step or question; copy a
// plain-text reply for a ticket; answer "Did this fix it?" without leaving
// the page; and fill the fixes the reader tried into the support email.
// Everything here enhances what works without JavaScript.
(() => {
  const status = document.getElementById("copy-status");
  const say = (msg) => {
    status.textContent = "";
    setTimeout(() => { status.textContent = msg; }, 50);
  };
  const copy = async (text, what, button) => {
    try {
      await navigator.clipboard.writeText(text);
      say(`${what} copied`);
      button.classList.add("copied");
      setTimeout(() => button.classList.remove("copied"), 1500);
    } catch {
      say(`Could not copy the ${what.toLowerCase()}: your browser did not allow it`);
    }
  };

  for (const b of document.querySelectorAll(".copy-link")) {
    b.hidden = false;
    b.addEventListener("click", () => {
      const url = new URL(location.href);
      url.hash = b.dataset.anchor;
      copy(url.href, "Link", b);
    });
  }
  for (const b of document.querySelectorAll(".copy-reply")) {
    b.hidden = false;
    b.addEventListener("click", () => copy(b.dataset.reply, "Reply", b));
  }

  // Fixes the reader said did not work, for the support email.
  const key = `tried:${location.pathname}`;
  const tried = new Set(JSON.parse(sessionStorage.getItem(key) || "[]"));
  const escalate = document.querySelector("a.escalate[data-mailto]");
  const updateEscalation = () => {
    if (!escalate) return;
    const url = new URL(escalate.href);
    const base = (url.searchParams.get("body") || "").replace(/What I tried:[\s\S]*$/, "What I tried:\n");
    url.searchParams.set("body", base + [...tried].map((t) => `- ${t}`).join("\n"));
    escalate.href = url.href.replaceAll("+", "%20");
  };
  updateEscalation();

  for (const form of document.querySelectorAll("form.feedback")) {
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const data = new FormData(form);
      const answer = e.submitter ? e.submitter.value : "";
      data.set("helpful", answer);
      if (answer === "no") tried.add(form.dataset.label);
      else tried.delete(form.dataset.label);
      sessionStorage.setItem(key, JSON.stringify([...tried]));
      updateEscalation();
      const done = document.createElement("p");
      done.className = "feedback-done";
      done.setAttribute("role", "status");
      try {
        const r = await fetch(form.getAttribute("action") === "/thanks/" ? "/" : form.action, {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(data).toString(),
        });
        if (!r.ok) throw new Error(String(r.status));
        done.textContent = answer === "yes" ? "Glad it worked. Thank you!" : "Thank you. Try the next fix, or contact support below.";
        form.replaceWith(done);
      } catch {
        // Keep the form, so the reader can send the answer again.
        const old = form.parentElement.querySelector(".feedback-done");
        if (old) old.remove();
        done.textContent = "Your answer could not be sent. Please try again.";
        form.after(done);
      }
    });
  }
})();
