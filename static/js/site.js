// Site-wide behaviour. Loaded as a file: the CSP allows no inline script.
"use strict";

// A form or button with data-confirm="..." asks before it submits (no inline onclick needed).
document.addEventListener("submit", (event) => {
  const form = event.target;
  const submitter = event.submitter;
  const message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
