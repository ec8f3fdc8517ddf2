// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");
// Times rendered as <time datetime="...Z" data-local> get the visitor's local time beside UTC.
document.addEventListener("DOMContentLoaded", () => {
  const fmt = new Intl.DateTimeFormat(undefined, {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });
  document.querySelectorAll("time[data-local]").forEach((el) => {
    const when = new Date(el.getAttribute("datetime"));
    if (Number.isNaN(when.getTime())) return;
    const local = document.createElement("span");
    local.className = "local-time";
    local.textContent = fmt.format(when);
    el.title = el.textContent.trim() + " UTC";
    el.after(local);
  });
});

// Area lists that follow the chosen country (forms with data-areas-url).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-areas-url]");
  if (!form) return;
  const country = form.querySelector("[data-areas-country]");
  const main = form.querySelector("[data-areas-main]");
  const secondary = form.querySelector("[data-areas-secondary]");
  let areas = [];
  const fill = (select, items) => {
    const keep = select.value;
    select.replaceChildren(new Option("---------", ""));
    items.forEach((item) => select.add(new Option(item.name, item.id, false, String(item.id) === keep)));
  };
  const fillSecondary = () => {
    const chosen = areas.find((a) => String(a.id) === main.value);
    fill(secondary, chosen ? chosen.secondary : []);
  };
  country.addEventListener("change", async () => {
    const response = await fetch(form.dataset.areasUrl + "?country=" + encodeURIComponent(country.value));
    areas = (await response.json()).main_areas;
    fill(main, areas);
    fillSecondary();
  });
  main.addEventListener("change", fillSecondary);
  if (country.value) {
    fetch(form.dataset.areasUrl + "?country=" + encodeURIComponent(country.value))
      .then((r) => r.json()).then((data) => { areas = data.main_areas; });
  }
});

// Filter forms marked data-autosubmit apply a choice at once (the button stays for no-JS).
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form && event.target.matches("select")) form.requestSubmit();
});

// The visitor's time zone (nationscup/middleware.py reads the cookie). On the first visit,
// remember the browser's zone and show this page's times in it; later pages arrive in it.
// The time zone page changes it; times keep their UTC value in the title.
document.addEventListener("DOMContentLoaded", () => {
  const cookie = "nationscup_tz";
  if (document.cookie.split("; ").some((c) => c.startsWith(cookie + "="))) return;
  let zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone || !/^[A-Za-z0-9_+\-/]+$/.test(zone)) return;
  const secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${cookie}=${zone}; path=/; max-age=31536000; samesite=lax${secure}`;
  const lang = document.documentElement.lang || undefined;
  const long = new Intl.DateTimeFormat(lang, {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short", timeZone: zone,
  });
  const short = new Intl.DateTimeFormat(lang, {
    hour: "2-digit", minute: "2-digit", timeZoneName: "short", timeZone: zone,
  });
  document.querySelectorAll("time[data-tz]").forEach((el) => {
    const when = new Date(el.getAttribute("datetime"));
    if (Number.isNaN(when.getTime())) return;
    el.textContent = (el.hasAttribute("data-short") ? short : long).format(when);
  });
  const zoneName = document.querySelector("[data-visitor-zone]");
  if (zoneName) zoneName.textContent = zone;
});

// A table wider than the screen scrolls sideways: let keyboard users focus and scroll it too.
document.querySelectorAll(".table-container").forEach((el) => { if (el.scrollWidth > el.clientWidth) el.tabIndex = 0; });

// The time-zone picker: typing filters the cities of every group and opens the groups that
// match (without JS the groups open by hand and the field still takes any zone name).
document.addEventListener("DOMContentLoaded", () => {
  const search = document.querySelector("[data-zone-search]");
  if (!search) return;
  const items = [...document.querySelectorAll("[data-zone]")];
  const groups = [...document.querySelectorAll("[data-zone-group]")];
  const count = document.querySelector("[data-zone-count]");
  const filter = () => {
    const words = search.value.trim().toLowerCase().replace(/_/g, " ").split(/\s+/).filter(Boolean);
    items.forEach((item) => {
      const text = item.dataset.zone.replace(/_/g, " ");
      item.hidden = words.length > 0 && !words.every((word) => text.includes(word));
    });
    groups.forEach((group) => {
      const shown = group.querySelectorAll("[data-zone]:not([hidden])").length;
      group.hidden = shown === 0;
      group.open = words.length > 0 && shown > 0 && shown <= 40;
    });
    if (count) {
      count.hidden = words.length === 0;
      const shown = items.filter((item) => !item.hidden).length;
      count.textContent = (count.dataset.template || "__N__").replace("__N__", String(shown));
    }
  };
  search.addEventListener("input", filter);
});

// The found driver's row (standings?…&highlight=id#driver-id) comes into view below the
// sticky parts of the page, and keyboard users land on it.
document.addEventListener("DOMContentLoaded", () => {
  const row = document.querySelector("tr.is-found");
  if (!row) return;
  row.tabIndex = -1;
  row.scrollIntoView({ block: "center" });
  row.focus({ preventScroll: true });
});
