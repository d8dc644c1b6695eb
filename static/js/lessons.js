// Lesson pages: key terms in the reading open their definition in a Bootstrap popover.
// A <button> each, so a key term is reached by Tab and opened by Enter or Space, a click or a tap.
"use strict";

(() => {
  const terms = Array.from(document.querySelectorAll(".key-term[data-bs-toggle='popover']"));
  if (!terms.length || !window.bootstrap) {
    return;
  }
  const popovers = terms.map((term) => bootstrap.Popover.getOrCreateInstance(term, { placement: "top" }));

  // One definition open at a time.
  terms.forEach((term) => {
    term.addEventListener("show.bs.popover", () => {
      popovers.forEach((popover) => {
        if (popover._element !== term) {
          popover.hide();
        }
      });
    });
  });

  // Escape closes an open definition and leaves the focus on its term.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      popovers.forEach((popover) => popover.hide());
    }
  });

  // A click or tap outside the terms closes the open definition.
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".key-term, .popover")) {
      popovers.forEach((popover) => popover.hide());
    }
  });
})();
