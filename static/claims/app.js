/* Reviewer workbench keyboard shortcuts and small toggles. No dependencies. */
(function () {
  "use strict";

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function labelKeys() {
    var el = document.getElementById("label-keys");
    return el ? JSON.parse(el.textContent) : {};
  }

  // --- queue: j/k move, Enter opens, 1-5 opens with that verdict picked -------
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.queue-row"));
  var current = -1;

  function select(i) {
    if (!rows.length) return;
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (current >= 0) rows[current].classList.remove("is-selected");
    current = i;
    rows[i].classList.add("is-selected");
    rows[i].setAttribute("aria-selected", "true");
    rows[i].focus({ preventScroll: true });
    rows[i].scrollIntoView({ block: "nearest" });
  }

  rows.forEach(function (row, i) {
    row.addEventListener("click", function (ev) {
      if (ev.target.closest("a")) return;
      select(i);
    });
  });

  // --- claim page: 1-5 pick the verdict label --------------------------------
  var radios = document.querySelectorAll('.verdict-form input[name="label"]');

  function onKey(ev, early) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    var key = ev.key;
    if (rows.length) {
      if (key === "j") { select(current + 1); ev.preventDefault(); return; }
      if (key === "k") { select(current < 0 ? 0 : current - 1); ev.preventDefault(); return; }
      if (key === "Enter" && current >= 0) {
        window.location.href = rows[current].dataset.claimUrl;
        ev.preventDefault();
        return;
      }
      var label = labelKeys()[key];
      if (label && current >= 0) {
        window.location.href = rows[current].dataset.claimUrl + "?label=" + encodeURIComponent(label);
        ev.preventDefault();
      }
      return;
    }
    if (radios.length && /^[1-5]$/.test(key)) {
      var radio = document.querySelector('.verdict-form input[name="label"][data-key="' + key + '"]');
      if (radio) {
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));
        var rationale = document.querySelector(".verdict-form textarea");
        if (rationale && !rationale.value) rationale.focus();
        if (!early) ev.preventDefault();
      }
    }
  }

  // presses made before this script ran (it is deferred behind htmx) were kept by the
  // small recorder in base.html: act on them now, then listen as usual
  var early = window.__earlyKeys || [];
  window.__earlyKeys = null;
  document.addEventListener("keydown", function (ev) { onKey(ev, false); });
  early.forEach(function (ev) { onKey(ev, true); });

  // --- forms that may take a while (data-busy="id of the notice"): say so after 1 s
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.hasAttribute || !form.hasAttribute("data-busy") || ev.defaultPrevented) return;
    var busy = document.getElementById(form.getAttribute("data-busy"));
    var btn = form.querySelector("button[type=submit]");
    window.setTimeout(function () { if (btn) btn.disabled = true; }, 0);
    window.setTimeout(function () { if (busy) busy.classList.add("is-busy"); }, 1000);
  });

  // a label picked from the queue (?label=...): put the cursor in the rationale
  if (radios.length && /[?&]label=/.test(window.location.search)) {
    var rationale = document.querySelector(".verdict-form textarea");
    if (rationale) rationale.focus();
  }

  // --- article page: show / hide what the cleaner dropped ------------------
  document.querySelectorAll("[data-toggle]").forEach(function (btn) {
    var target = document.getElementById(btn.dataset.toggle);
    if (!target) return;
    var showText = btn.textContent;
    btn.addEventListener("click", function () {
      var hidden = target.hasAttribute("hidden");
      if (hidden) target.removeAttribute("hidden"); else target.setAttribute("hidden", "");
      btn.setAttribute("aria-expanded", String(hidden));
      btn.textContent = hidden ? "Hide what the cleaner dropped" : showText;
    });
  });
})();
