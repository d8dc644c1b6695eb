// The essay grader: computed points and total, autosave of grading in progress (refused when the
// grade changed elsewhere), and keyboard shortcuts listed on the page.
"use strict";

(() => {
  const form = document.getElementById("grade-form");
  if (!form) return;
  const versionInput = document.getElementById("grade-version");
  const statusEl = document.getElementById("grade-status");
  const problemEl = document.getElementById("grade-problem");
  const pointsEl = document.getElementById("rubric-points");
  const totalEl = document.getElementById("computed-total");
  const adjusted = document.getElementById("adjusted-total");
  const criteria = Array.from(form.querySelectorAll("fieldset.criterion"));
  const assignmentPoints = Number(form.dataset.assignmentPoints);
  const DEBOUNCE_MS = 3000;
  let timer = null;
  let dirty = false;
  let stale = false;
  let current = 0;
  let inflight = null; // the autosave on its way, if any

  function recompute() {
    let points = 0;
    let best = 0;
    let allChosen = true;
    for (const fieldset of criteria) {
      best += Number(fieldset.dataset.best);
      const chosen = fieldset.querySelector("input[type=radio]:checked");
      if (chosen) points += Number(chosen.dataset.points);
      else allChosen = false;
    }
    pointsEl.textContent = points.toFixed(2);
    if (adjusted.value.trim() !== "") totalEl.textContent = adjusted.value.trim();
    else totalEl.textContent = allChosen && best > 0 ? ((points / best) * assignmentPoints).toFixed(2) : "—";
  }

  function showProblem(message) {
    problemEl.textContent = message;
    problemEl.classList.remove("d-none");
  }

  // Saves go one at a time: each needs the version the previous one produced.
  function save(options) {
    const mine = (inflight || Promise.resolve()).then(() => send(options));
    inflight = mine;
    mine.finally(() => {
      if (inflight === mine) inflight = null;
    });
    return mine;
  }

  async function send({ keepalive = false } = {}) {
    window.clearTimeout(timer);
    if (!dirty || stale) return true;
    const body = new FormData(form);
    statusEl.textContent = statusEl.dataset.savingLabel;
    dirty = false;
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body,
        keepalive,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      });
    } catch {
      dirty = true;
      showProblem(statusEl.dataset.unsavedLabel);
      return false;
    }
    const data = await response.json().catch(() => ({}));
    if (response.status === 401 || response.status === 403) {
      dirty = true;
      showProblem(statusEl.dataset.expiredLabel);
      return false;
    }
    if (!response.ok) {
      if (data.stale) stale = true;
      else dirty = true;
      showProblem(data.error || response.statusText);
      return false;
    }
    problemEl.classList.add("d-none");
    versionInput.value = String(data.version);
    statusEl.textContent = `${statusEl.dataset.savedLabel} ${data.saved_at}`;
    return true;
  }

  function changed() {
    dirty = true;
    recompute();
    statusEl.textContent = statusEl.dataset.unsavedLabel;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => save(), DEBOUNCE_MS);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => {
    window.clearTimeout(timer);
    if (inflight) {
      // Wait for the autosave, so the post carries the version it produced.
      event.preventDefault();
      const submitter = event.submitter;
      inflight.then(() => form.requestSubmit(submitter));
      return;
    }
    dirty = false; // the form post itself saves
  });
  window.addEventListener("pagehide", () => save({ keepalive: true }));

  function focusCriterion(index) {
    if (!criteria.length) return;
    current = (index + criteria.length) % criteria.length;
    const fieldset = criteria[current];
    fieldset.scrollIntoView({ block: "nearest" });
    const target = fieldset.querySelector("input[type=radio]:checked") || fieldset.querySelector("input[type=radio]");
    if (target) target.focus();
  }
  criteria.forEach((fieldset, index) => fieldset.addEventListener("focusin", () => (current = index)));

  async function go(linkId) {
    const link = document.getElementById(linkId);
    if (!link) return;
    if (await save()) window.location.href = link.href;
  }

  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      dirty = true;
      save();
      return;
    }
    const typing = event.target.closest("textarea, input:not([type=radio]):not([type=checkbox])");
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "j") focusCriterion(current + 1);
    else if (event.key === "k") focusCriterion(current - 1);
    else if (event.key === "n") go("next-ungraded");
    else if (event.key === "p") go("previous-ungraded");
    else if (event.key === "g") {
      const box = document.getElementById("grade-complete");
      box.checked = !box.checked;
      changed();
    } else if (/^[1-9]$/.test(event.key) && criteria.length) {
      const radios = criteria[current].querySelectorAll("input[type=radio]");
      const radio = radios[Number(event.key) - 1];
      if (radio) {
        radio.checked = true;
        radio.focus();
        changed();
      }
    } else return;
    event.preventDefault();
  });
  recompute();
})();
