// Show or hide a need's details (the rows named in the toggle's id), from the mouse or the
// keyboard. Replaces sphinx-needs' jQuery version, so pages need not load jQuery (90 KB), and
// makes the toggle a real button for screen readers and keyboard users (WCAG 2.1.1, 4.1.2).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const HIDE = "collapse_is_hidden";
  for (const toggle of document.querySelectorAll("table.need span.needs_collapse")) {
    const [, state, ...rowClasses] = toggle.id.split("__");
    const table = toggle.closest("table");
    const rows = rowClasses.flatMap((name) => [...table.querySelectorAll(`tr.${CSS.escape(name)}`)]);
    const openIcon = toggle.querySelector("span.needs.collapsed");
    const closedIcon = toggle.querySelector("span.needs.visible");
    const show = (open) => {
      rows.forEach((row) => row.classList.toggle(HIDE, !open));
      openIcon?.classList.toggle(HIDE, !open);
      closedIcon?.classList.toggle(HIDE, open);
      toggle.setAttribute("aria-expanded", String(open));
    };
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-label", "Vis eller skjul detaljer");
    toggle.tabIndex = 0;
    show(state === "show");
    toggle.addEventListener("click", () => show(toggle.getAttribute("aria-expanded") !== "true"));
    toggle.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle.click();
      }
    });
  }
  for (const link of document.querySelectorAll("a.no_link")) {
    link.addEventListener("click", (event) => event.preventDefault());
  }
});
