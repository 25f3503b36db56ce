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
  // What a copy did, shown next to the control that copied (one message at a
  // time) and announced by #copy-status. Success goes away after a while;
  // a failure stays until the next copy, so nobody pastes what was there.
  const note = document.createElement("span");
  let timer;
  const show = (control, ok, msg) => {
    clearTimeout(timer);
    note.className = ok ? "copy-feedback" : "copy-feedback copy-failed";
    note.textContent = msg;
    control.after(note);
    say(msg);
    if (ok) timer = setTimeout(() => note.remove(), 4000);
  };
  // Resolves to whether text is on the clipboard. writeText is called before
  // any await, while the click still counts as the user's.
  const copy = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  };

  // An address whose anchor is gone (a link in an old ticket): a step's
  // anchor, after steps were removed, lands on its fix; a question's, after
  // it was reworded, on the questions. The address bar then says where the
  // reader is, and the place is highlighted as any target is.
  const landing = () => {
    let id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch {
      return; // not an address this page made (%E0%A4%A): left alone
    }
    if (!id || document.getElementById(id)) return;
    const step = /^(.+)-step-\d+$/.exec(id);
    const to = step && document.getElementById(step[1]) ? step[1] : id.startsWith("faq-") && document.getElementById("faq") ? "faq" : "";
    if (to) location.replace("#" + to);
  };
  landing();
  addEventListener("hashchange", landing);

  // The address to share is the canonical one (no query string), with the anchor.
  const canonical = document.querySelector('link[rel="canonical"]');
  for (const a of document.querySelectorAll("a.copy-link")) {
    a.addEventListener("click", async (e) => {
      // A new tab or window, a download: the browser's.
      if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      const url = new URL(canonical ? canonical.href : location.pathname, location.href);
      url.hash = a.hash;
      if (await copy(url.href)) {
        show(a, true, "Link copied");
      } else {
        // Follow the link after all: the address bar then shows it.
        location.assign(a.href);
        show(a, false, "Couldn't copy: long-press or right-click the link to copy it");
      }
    });
  }
  // A reply goes on the clipboard twice: as text, for a plain-text ticket,
  // and as HTML, for a ticket editor that takes rich text, which would fold
  // the text's runs of spaces (a settings block's columns) and leave its
  // addresses as words. The HTML keeps each line (<br>) and each space
  // (&nbsp; in runs), and makes each address a link; no style attribute,
  // which the browser checks against the page's Content-Security-Policy.
  const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  // Addresses are found in the line as written, then each piece escaped:
  // found in the escaped line, an address before a quote took "&quot".
  const address = /\bhttps?:\/\/[^\s<>()"]*[^\s<>()".,;:!?']/g;
  const spaces = (s) => esc(s).replace(/^ | {2,}/g, (m) => (m.length === 1 ? "&nbsp;" : " " + "&nbsp;".repeat(m.length - 1)));
  const replyHTML = (text) =>
    text.split("\n").map((l) => {
      let html = "", at = 0;
      for (const m of l.matchAll(address)) {
        html += spaces(l.slice(at, m.index)) + `<a href="${esc(m[0])}">${esc(m[0])}</a>`;
        at = m.index + m[0].length;
      }
      return html + spaces(l.slice(at));
    }).join("<br>\n");
  const copyReply = async (text) => {
    if (typeof ClipboardItem === "undefined" || !navigator.clipboard.write) return copy(text);
    try {
      await navigator.clipboard.write([new ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([replyHTML(text)], { type: "text/html" }),
      })]);
      return true;
    } catch {
      return copy(text); // a browser that takes text only
    }
  };
  for (const b of document.querySelectorAll(".copy-reply")) {
    b.hidden = false;
    b.addEventListener("click", async () => {
      if (await copyReply(b.dataset.reply)) show(b, true, "Reply copied");
      else show(b, false, "Couldn't copy the reply: your browser did not allow it");
    });
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
        // Netlify Forms take a POST to any page; without JavaScript the form
        // posts to the article (at the note of the answer), here to /.
        const r = await fetch("/", {
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
