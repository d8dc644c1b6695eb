// The essay editor: live word count, autosave with a revision counter, and a copy in localStorage
// so no typed text is lost to a reload, a lost connection or an expired session.
"use strict";

(() => {
  const form = document.getElementById("essay-form");
  if (!form) return;
  const textarea = document.getElementById("essay-text");
  const revisionInput = document.getElementById("essay-revision");
  const countEl = document.getElementById("word-count");
  const rangeNote = document.getElementById("word-range-note");
  const statusEl = document.getElementById("save-status");
  const problemEl = document.getElementById("save-problem");
  const url = form.dataset.autosaveUrl;
  const key = form.dataset.storageKey;
  const minWords = Number(form.dataset.minWords);
  const maxWords = Number(form.dataset.maxWords);
  const DEBOUNCE_MS = 2000;
  const RETRY_MS = 10000;

  let revision = Number(form.dataset.revision) || 0; // the newest revision typed here
  let ackedRevision = revision; // the newest revision the server confirmed
  let timer = null;
  let retryTimer = null;
  let submitting = false; // the form post carries the text: no autosave may race it

  const csrfToken = () => {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };
  const countWords = (text) => text.split(/\s+/).filter(Boolean).length;

  function showCount() {
    const words = countWords(textarea.value);
    countEl.textContent = String(words);
    const outside = words < minWords || words > maxWords;
    rangeNote.textContent = outside ? form.dataset.rangeMessage || "" : "";
    countEl.classList.toggle("text-danger", outside);
    return words;
  }

  function readLocal() {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch {
      return null;
    }
  }
  function writeLocal() {
    try {
      window.localStorage.setItem(key, JSON.stringify({ text: textarea.value, revision, at: Date.now() }));
    } catch {
      // Storage full or disabled: the server copy still works.
    }
  }
  function dropLocal() {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // nothing to do
    }
  }

  function setStatus(text) {
    statusEl.textContent = text;
  }
  function showProblem(message, loginUrl) {
    problemEl.textContent = message;
    if (loginUrl) {
      const link = document.createElement("a");
      link.href = form.dataset.loginUrl;
      link.className = "alert-link ms-2";
      link.textContent = statusEl.dataset.loginLabel || "Log in";
      problemEl.append(link);
    }
    problemEl.classList.remove("d-none");
  }
  function clearProblem() {
    problemEl.classList.add("d-none");
    problemEl.textContent = "";
  }

  async function save({ keepalive = false } = {}) {
    window.clearTimeout(timer);
    timer = null;
    if (submitting || revision <= ackedRevision) return;
    const sent = revision;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    body.append("text", textarea.value);
    body.append("revision", String(sent));
    setStatus(statusEl.dataset.savingLabel || "Saving…");
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        body,
        keepalive,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest", "X-CSRFToken": csrfToken() },
      });
    } catch {
      setStatus(statusEl.dataset.offlineLabel || "Offline: kept in this browser");
      scheduleRetry();
      return;
    }
    let data = {};
    try {
      data = await response.json();
    } catch {
      data = {};
    }
    if (response.status === 401 || response.status === 403) {
      setStatus(statusEl.dataset.notSavedLabel || "Not saved");
      showProblem(data.error || statusEl.dataset.expiredLabel || "Your session has expired.", true);
      return;
    }
    if (!response.ok) {
      setStatus(statusEl.dataset.notSavedLabel || "Not saved");
      showProblem(data.error || response.statusText);
      if (response.status >= 500) scheduleRetry();
      return;
    }
    clearProblem();
    if (data.saved) {
      ackedRevision = Math.max(ackedRevision, data.revision);
    } else if (data.revision > sent) {
      // A newer text was saved from another window: never overwrite it silently.
      showProblem(statusEl.dataset.conflictLabel || "A newer version was saved in another window. Reload the page.");
      return;
    }
    if (ackedRevision >= revision) {
      dropLocal();
      setStatus(`${statusEl.dataset.savedLabel || "Saved at"} ${data.saved_at}`);
    }
  }

  function scheduleRetry() {
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(() => save(), RETRY_MS);
  }

  textarea.addEventListener("input", () => {
    revision += 1;
    revisionInput.value = String(revision);
    showCount();
    writeLocal();
    setStatus(statusEl.dataset.unsavedLabel || "Unsaved changes");
    window.clearTimeout(timer);
    timer = window.setTimeout(() => save(), DEBOUNCE_MS);
  });
  textarea.addEventListener("blur", (event) => {
    if (event.relatedTarget && event.relatedTarget.type === "submit") return; // the submit saves it
    save();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save({ keepalive: true });
  });
  window.addEventListener("pagehide", () => save({ keepalive: true }));
  window.addEventListener("online", () => save());

  form.addEventListener("submit", (event) => {
    const words = showCount();
    if (words < minWords || words > maxWords) {
      event.preventDefault();
      event.stopPropagation();
      showProblem(form.dataset.rangeMessage || "");
      return;
    }
    revisionInput.value = String(revision);
  });
  // Runs after site.js has asked for confirmation: only a submission that goes ahead stops autosave.
  // A restore carries the newest revision typed here, so the restored text is numbered above it.
  document.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;
    const restoring = event.target.classList.contains("restore-form");
    if (event.target !== form && !restoring) return;
    if (restoring) event.target.querySelector("input[name=revision]").value = String(revision);
    submitting = true;
    window.clearTimeout(timer);
  });

  // A copy typed here but never acknowledged (offline, expired session) comes back and is saved.
  const local = readLocal();
  if (local && local.revision > revision && local.text !== textarea.value) {
    textarea.value = local.text;
    revision = local.revision;
    revisionInput.value = String(revision);
    setStatus(statusEl.dataset.restoredLabel || "Restored unsaved text from this browser");
    save();
  } else if (local) {
    dropLocal();
  }
  showCount();
})();
