// Taking a quiz: every answer is saved as the student goes, failed saves are retried (never dropped),
// and a countdown from the server's deadline submits the saved answers when time runs out.
"use strict";

(() => {
  const root = document.getElementById("quiz");
  if (!root) {
    return;
  }
  const saveUrl = root.dataset.saveUrl;
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  const submitForm = document.getElementById("quiz-submit");
  const msg = root.dataset;
  // The browser's clock may be wrong: count from the server's "now" instead.
  const clockOffset = Date.parse(root.dataset.serverNow) - Date.now();
  const deadline = Date.parse(root.dataset.deadline);
  let submitting = false;

  // One pending payload per question (the newest wins) and one request in flight for the whole page,
  // so saves arrive in order and never compete for the database.
  const queues = new Map();
  let chain = Promise.resolve();
  let inFlight = 0;

  function payloadFor(fieldset) {
    const id = Number(fieldset.dataset.question);
    const kind = fieldset.dataset.kind;
    const payload = { question: id };
    if (kind === "single_choice") {
      const picked = fieldset.querySelector("input:checked");
      if (!picked) return null;
      payload.choice = Number(picked.value);
    } else if (kind === "multiple_response") {
      payload.choices = [...fieldset.querySelectorAll("input:checked")].map((input) => Number(input.value));
    } else if (kind === "true_false") {
      const picked = fieldset.querySelector("input:checked");
      if (!picked) return null;
      payload.value = picked.value === "true";
    } else if (kind === "short_answer") {
      payload.text = fieldset.querySelector("input").value;
    } else if (kind === "numeric") {
      payload.number = fieldset.querySelector("input").value;
    } else if (kind === "ordering") {
      payload.order = [...fieldset.querySelectorAll("[data-token]")].map((item) => item.dataset.token);
    } else if (kind === "matching") {
      payload.matches = {};
      fieldset.querySelectorAll("select[data-left]").forEach((select) => {
        payload.matches[select.dataset.left] = select.value;
      });
    }
    return payload;
  }

  function showState(fieldset, text, kind) {
    const state = fieldset.querySelector(".quiz-save-state");
    state.textContent = text;
    state.className = `quiz-save-state small mt-2 text-${kind}`;
    fieldset.dataset.saveState = kind;
  }

  function queueFor(fieldset) {
    if (!queues.has(fieldset)) {
      queues.set(fieldset, { pending: null, scheduled: false, retry: 0 });
    }
    return queues.get(fieldset);
  }

  // Answers not yet acknowledged are also kept in the browser, so a reload or a crash while the
  // network is down does not lose them: the next visit of this page sends them again.
  const storeKey = `kzcourse.quiz.pending:${saveUrl}`;

  function stored() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey)) || {};
    } catch {
      return {};
    }
  }

  function store(all) {
    try {
      if (Object.keys(all).length) window.localStorage.setItem(storeKey, JSON.stringify(all));
      else window.localStorage.removeItem(storeKey);
    } catch {
      // Private mode or a full storage: the in-page retry still holds the answer.
    }
  }

  function remember(payload) {
    const all = stored();
    all[payload.question] = payload;
    store(all);
  }

  function forget(payload) {
    const all = stored();
    if (JSON.stringify(all[payload.question]) === JSON.stringify(payload)) {
      delete all[payload.question];
      store(all);
    }
  }

  function apply(fieldset, payload) {
    const kind = fieldset.dataset.kind;
    if (kind === "single_choice" || kind === "true_false") {
      const value = String(kind === "single_choice" ? payload.choice : payload.value);
      fieldset.querySelectorAll("input").forEach((input) => {
        input.checked = input.value === value;
      });
    } else if (kind === "multiple_response") {
      fieldset.querySelectorAll("input").forEach((input) => {
        input.checked = (payload.choices || []).includes(Number(input.value));
      });
    } else if (kind === "short_answer") {
      fieldset.querySelector("input").value = payload.text || "";
    } else if (kind === "numeric") {
      fieldset.querySelector("input").value = payload.number || "";
    } else if (kind === "ordering") {
      const list = fieldset.querySelector(".quiz-order");
      (payload.order || []).forEach((token) => {
        const item = list.querySelector(`[data-token="${CSS.escape(token)}"]`);
        if (item) list.appendChild(item);
      });
    } else if (kind === "matching") {
      Object.entries(payload.matches || {}).forEach(([left, right]) => {
        const select = fieldset.querySelector(`select[data-left="${CSS.escape(left)}"]`);
        if (select) select.value = right;
      });
    }
  }

  function save(fieldset) {
    const payload = payloadFor(fieldset);
    if (!payload) return;
    remember(payload);
    const queue = queueFor(fieldset);
    queue.pending = payload;
    showState(fieldset, msg.msgSaving, "secondary");
    schedule(fieldset, queue, 0);
  }

  function schedule(fieldset, queue, delay) {
    if (queue.scheduled) return;
    queue.scheduled = true;
    const run = () => {
      chain = chain.then(() => send(fieldset, queue));
    };
    if (delay) setTimeout(run, delay);
    else run();
  }

  // Post the newest payload of one question; on trouble keep it and try again, later each time.
  function send(fieldset, queue) {
    queue.scheduled = false;
    const payload = queue.pending;
    if (payload === null) return Promise.resolve();
    queue.pending = null;
    inFlight += 1;
    return fetch(saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(payload),
      credentials: "same-origin",
    })
      .then(async (response) => {
        const body = await response.json().catch(() => ({}));
        if (response.ok && body.saved) {
          queue.retry = 0;
          forget(payload);
          if (queue.pending === null) {
            const time = new Date(body.saved_at).toLocaleTimeString();
            showState(fieldset, `${msg.msgSaved} ${time}`, "success");
          }
        } else if (response.status === 409) {
          // The attempt is closed (time is up, or submitted in another tab): show the result.
          showState(fieldset, `${msg.msgRefused}: ${body.error || ""}`, "danger");
          store({});
          submitting = true;
          window.location.reload();
        } else if (response.status === 400 || response.status === 404) {
          // The server will never take this answer: say why, and do not keep sending it.
          forget(payload);
          showState(fieldset, `${msg.msgRefused}: ${body.error || response.statusText}`, "danger");
        } else {
          throw new Error(`HTTP ${response.status}`);
        }
      })
      .catch(() => {
        if (queue.pending === null) queue.pending = payload;
        queue.retry += 1;
        showState(fieldset, msg.msgFailed, "warning");
        schedule(fieldset, queue, Math.min(30000, 1000 * 2 ** Math.min(queue.retry, 5)));
      })
      .finally(() => {
        inFlight -= 1;
      });
  }

  function pendingSaves() {
    return inFlight > 0 || [...queues.values()].some((queue) => queue.scheduled || queue.pending !== null);
  }

  // Wait for every queued save (bounded, so a dead network cannot block the submission forever).
  function flush(limitMs) {
    const started = Date.now();
    return new Promise((resolve) => {
      const check = () => {
        if (!pendingSaves() || Date.now() - started > limitMs) resolve();
        else setTimeout(check, 100);
      };
      check();
    });
  }

  const typingTimers = new Map();
  root.addEventListener("input", (event) => {
    const fieldset = event.target.closest(".quiz-question");
    if (!fieldset || !["short_answer", "numeric"].includes(fieldset.dataset.kind)) return;
    clearTimeout(typingTimers.get(fieldset));
    showState(fieldset, msg.msgSaving, "secondary");
    typingTimers.set(fieldset, setTimeout(() => save(fieldset), 500));
  });
  root.addEventListener("change", (event) => {
    const fieldset = event.target.closest(".quiz-question");
    if (!fieldset) return;
    clearTimeout(typingTimers.get(fieldset));
    save(fieldset);
  });
  root.addEventListener("click", (event) => {
    const button = event.target.closest(".quiz-move, .quiz-keep-order");
    if (!button) return;
    const fieldset = button.closest(".quiz-question");
    if (button.classList.contains("quiz-move")) {
      const item = button.closest("[data-token]");
      if (button.dataset.move === "up" && item.previousElementSibling) {
        item.parentNode.insertBefore(item, item.previousElementSibling);
      } else if (button.dataset.move === "down" && item.nextElementSibling) {
        item.parentNode.insertBefore(item.nextElementSibling, item);
      }
      button.focus();
    }
    save(fieldset);
  });

  function flushTypingTimers() {
    typingTimers.forEach((timer, fieldset) => {
      clearTimeout(timer);
      save(fieldset);
    });
    typingTimers.clear();
  }

  // Submitting: site.js has already asked for confirmation; send what is still being saved first.
  document.addEventListener("submit", (event) => {
    if (event.target !== submitForm || event.defaultPrevented) return;
    event.preventDefault();
    if (submitting) return;
    submitting = true;
    submitForm.querySelector("button").disabled = true;
    flushTypingTimers();
    flush(10000).then(() => submitForm.submit());
  });

  window.addEventListener("beforeunload", (event) => {
    if (!submitting && (pendingSaves() || typingTimers.size)) {
      event.preventDefault();
    }
  });

  Object.values(stored()).forEach((payload) => {
    const fieldset = root.querySelector(`.quiz-question[data-question="${Number(payload.question)}"]`);
    if (!fieldset) return;
    apply(fieldset, payload);
    save(fieldset);
  });

  const countdown = document.getElementById("quiz-countdown");
  function tick() {
    const left = Math.max(0, deadline - (Date.now() + clockOffset));
    const seconds = Math.floor(left / 1000);
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const pad = (n) => String(n).padStart(2, "0");
    const days = Math.floor(hours / 24);
    const clock = `${pad(minutes)}:${pad(seconds % 60)}`;
    countdown.textContent = days ? `${days}d ${hours % 24}:${clock}` : hours ? `${hours}:${clock}` : clock;
    if (left <= 0) {
      if (!submitting) {
        submitting = true;
        countdown.textContent = msg.msgTimeUp;
        flushTypingTimers();
        flush(5000).then(() => submitForm.submit());
      }
      return;
    }
    setTimeout(tick, 1000 - (Date.now() % 1000) || 1000);
  }
  tick();
})();
