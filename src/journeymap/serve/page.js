// journeymap's live preview: follows the server's readings of the map (server-sent events) and shows the newest.
// Each reading has a generation; the drawing's URL carries the generation of the map it draws, and a drawing is
// shown only while it is still the one wanted, so a late answer for an older map or another view never shows.
// One drawing is asked for at a time: views switched past while the server draws are never drawn at all.
// Everything the map says is written as text (textContent), never as markup.
"use strict";

(() => {
  const byId = (id) => document.getElementById(id);
  const view = byId("view");
  const theme = byId("theme");
  const fit = byId("fit");
  const pane = byId("pane");
  const status = byId("status");
  let latest = null; // the newest reading
  let wanted = ""; // the URL of the drawing that should be on show
  let shown = ""; // the URL of the drawing on show (or explained as not drawn)
  let loading = false; // a drawing is on its way

  function items(list, lines) {
    list.replaceChildren(...lines.map((line) => {
      const item = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = line;
      item.append(code);
      return item;
    }));
  }

  function counted(number, noun) {
    return `${number} ${noun}${number === 1 ? "" : "s"}`;
  }

  function altText() {
    return `${latest.title} — ${view.options[view.selectedIndex].text}`;
  }

  function caption() {
    const from = latest.errors.length > 0 ? ": the last valid version of the map" : "";
    byId("caption").textContent = `${view.options[view.selectedIndex].text}${from}`;
  }

  function showReading(reading) {
    latest = reading;
    document.body.dataset.generation = String(reading.generation);
    document.body.dataset.drawn = String(reading.drawn);
    if (reading.title !== null) {
      byId("title").textContent = reading.title;
    }
    const errors = byId("errors");
    errors.hidden = reading.errors.length === 0;
    if (reading.errors.length > 0) {
      byId("errors-heading").textContent = `The map has ${counted(reading.errors.length, "error")}`;
      byId("errors-hint").textContent = reading.drawn === null
        ? "Fix the file and save it: the page draws it as soon as it is valid."
        : "The drawing below is the last one that was valid. Fix the file and save it: the page redraws.";
      items(byId("error-list"), reading.errors);
    }
    byId("summary").textContent = reading.summary ?? "Nothing to say until the map is valid.";
    byId("warnings").hidden = reading.warnings.length === 0;
    byId("warnings-heading").textContent = counted(reading.warnings.length, "warning");
    items(byId("warning-list"), reading.warnings);
    const time = new Date().toLocaleTimeString([], {hour: "2-digit", minute: "2-digit", second: "2-digit"});
    status.textContent = reading.errors.length > 0 ? `Read at ${time}: not valid` : `Read at ${time}: up to date`;
    if (!byId("drawing").hidden) {
      caption();
    }
    showDrawing();
  }

  function showDrawing() {
    if (latest === null || latest.drawn === null) {
      return;
    }
    wanted = `/drawing.svg?view=${encodeURIComponent(view.value)}&theme=${encodeURIComponent(theme.value)}` +
      `&g=${latest.drawn}`;
    if (!loading && wanted !== shown) {
      load(wanted);
    }
  }

  function load(url) {
    loading = true;
    const next = new Image();
    next.alt = altText();
    next.addEventListener("load", () => settle(url, () => {
      next.id = "drawing";
      byId("drawing").replaceWith(next);
      byId("no-drawing").hidden = true;
      caption();
    }));
    next.addEventListener("error", () => settle(url, () => explain(url)));
    next.src = url;
  }

  function settle(url, show) {
    loading = false;
    if (url === wanted) {
      shown = url;
      show();
    } else if (wanted !== shown) {
      load(wanted);
    }
  }

  async function explain(url) {
    let said = "the preview is not answering";
    try {
      said = await (await fetch(url)).text();
    } catch {
      // the server has stopped: the status line says so
    }
    if (url === wanted) {
      byId("drawing").hidden = true;
      byId("no-drawing").hidden = false;
      byId("no-drawing").textContent = `This view could not be drawn: ${said}`;
      byId("caption").textContent = "";
    }
  }

  view.addEventListener("change", showDrawing);
  theme.addEventListener("change", showDrawing);
  fit.addEventListener("change", () => pane.classList.toggle("fit", fit.checked));

  const events = new EventSource("/events");
  events.addEventListener("open", () => {
    shown = ""; // perhaps a server started anew, counting generations from 1 again: draw afresh
  });
  events.addEventListener("reading", (event) => showReading(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    status.textContent = "Not connected: is journeymap serve still running? Trying again…";
  });
})();
