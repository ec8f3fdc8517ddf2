// Progressive enhancement only: every page works without this file.
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
