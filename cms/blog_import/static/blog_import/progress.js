// Follows a blog import on its run page: moves the bar, then reloads once the stage is over
// (the page then shows the report). Polls once a second; a failed poll is simply tried again.
(function () {
  const bar = document.getElementById("import-progress");
  if (!bar) return;
  const text = document.getElementById("import-progress-text");
  const status = document.getElementById("import-status");
  const note = document.getElementById("import-note");

  async function poll() {
    try {
      const response = await fetch(bar.dataset.progressUrl, { headers: { Accept: "application/json" } });
      const state = response.ok ? await response.json() : null;
      if (state && !state.running) {
        window.location.reload();
        return;
      }
      if (state) {
        bar.max = state.total || 1;
        bar.value = state.done;
        bar.textContent = text.textContent = `${state.done} of ${state.total} posts`;
        status.textContent = state.label;
        note.textContent = state.note;
      }
    } catch (error) {
      // The worker or the network hiccupped; the next poll asks again.
    }
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 1000);
})();
