// Live pages: redraw the running order and the championship from the session's snapshot
// every few seconds, and count down to the next session. Without this file the pages show
// the state of their loading.
(() => {
  const POLL_MS = 2500;

  const cell = (className, text) => {
    const td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text;
    return td;
  };

  const driverLink = (driver, className) => {
    const a = document.createElement("a");
    a.href = driver.url;
    a.textContent = driver.name;
    if (className) a.className = className;
    return a;
  };

  const orderRow = (row, labels) => {
    const tr = document.createElement("tr");
    tr.append(cell("num rank-cell", String(row.position)));
    const main = document.createElement("span");
    main.className = "cell-main";
    const detail = document.createElement("span");
    detail.className = "row-detail phone-only";
    for (const text of [row.driver.country, `${row.laps} ${labels.laps}`, `${row.pit_stops} ${labels.pits}`]) {
      const part = document.createElement("span");
      part.textContent = text;
      detail.append(part);
    }
    main.append(driverLink(row.driver, "col-key"), " ", detail);
    const driverCell = document.createElement("td");
    driverCell.append(main);
    tr.append(
      driverCell,
      cell("num wide-only", String(row.laps)),
      cell("num", row.gap),
      cell("num wide-only", row.best_lap),
      cell("num wide-only", String(row.pit_stops)),
    );
    return tr;
  };

  const standingsRow = (row) => {
    const tr = document.createElement("tr");
    tr.append(cell("num rank-cell", String(row.rank)));
    const driverCell = document.createElement("td");
    const country = document.createElement("span");
    country.className = "muted small";
    country.textContent = row.driver.country;
    driverCell.append(driverLink(row.driver), " ", country);
    const points = cell("num points-cell", String(row.points));
    if (row.gained) {
      const gained = document.createElement("span");
      gained.className = "gained";
      gained.textContent = `+${row.gained}`;
      points.append(" ", gained);
    }
    tr.append(driverCell, points);
    return tr;
  };

  const follow = (root) => {
    const url = root.dataset.liveSnapshot;
    const until = Date.parse(root.dataset.liveUntil || "");
    const order = root.querySelector("[data-live-order]");
    const updated = root.querySelector("[data-live-updated]");
    const standings = document.querySelector("[data-live-standings]");
    const labels = { laps: order.dataset.labelLaps, pits: order.dataset.labelPits };
    let shown = updated.getAttribute("datetime") || null;

    const draw = (doc) => {
      if (!doc.sent_at || doc.sent_at === shown) return;
      shown = doc.sent_at;
      order.replaceChildren(...doc.order.map((row) => orderRow(row, labels)));
      if (standings && doc.standings.length) {
        standings.replaceChildren(...doc.standings.map(standingsRow));
      }
      updated.setAttribute("datetime", doc.sent_at);
      updated.textContent = new Date(doc.sent_at).toLocaleTimeString();
      root.dataset.liveSentAt = doc.sent_at;
    };

    const poll = async () => {
      if (!Number.isNaN(until) && Date.now() > until) {
        window.location.reload();
        return;
      }
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
        if (response.ok) draw(await response.json());
      } catch (error) {
        // A missed poll is retried at the next tick.
      }
      window.setTimeout(poll, POLL_MS);
    };
    window.setTimeout(poll, POLL_MS);
  };

  const countdown = (el) => {
    const target = Date.parse(el.dataset.countdown);
    if (Number.isNaN(target)) return;
    const pad = (n) => String(n).padStart(2, "0");
    const tick = () => {
      const left = Math.round((target - Date.now()) / 1000);
      if (left <= 0) {
        window.location.reload();
        return;
      }
      if (left < 86400) {
        el.textContent = `${pad(Math.floor(left / 3600))}:${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`;
      }
      window.setTimeout(tick, 1000);
    };
    tick();
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-live-snapshot]").forEach(follow);
    document.querySelectorAll("[data-countdown]").forEach(countdown);
  });
})();
