"""Every public page type on a 360 px phone and a 1366 px desktop.

Each page must fit the screen (no horizontal scroll, no table wider than its
box), show its key numbers inside the viewport, keep tap targets at least
44 px tall, pass axe-core with no serious or critical finding, and leave a
screenshot. The data is the demo data set (``load_demo``'s steps) at a
smaller size. ``make screenshots`` runs this module with
``SCREENSHOTS_DIR=docs/screenshots`` to refresh the pictures the README shows.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.module_loading import import_string
from playwright.sync_api import expect

from leagues.demo import STEPS
from leagues.demo.accounts import DEMO_DRIVER_USERNAME
from leagues.models import Registration, Round, Season, Standing, Suspension
from leagues.selectors.seasons import current_season
from live_events.models import LiveEvent

from .conftest import ROOT, VIEWPORTS, assert_accessible, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEMO_DRIVERS = 400
# Pages whose screenshots the README shows, by name.
DOCUMENTED = {
    "home",
    "my-nations-cup",
    "standings",
    "round",
    "driver-season",
    "live-event",
    "live-hub",
}


@dataclass(frozen=True)
class PageCheck:
    name: str
    path: str
    key: tuple[str, ...]  # selectors of the numbers that matter: each visible, on screen
    status: int = 200
    signed_in: bool = False


@pytest.fixture
def league_site(monkeypatch):
    """The demo data set with fewer drivers: two seasons, live events, the demo driver."""
    import random

    monkeypatch.setattr("leagues.demo.online.DRIVERS", DEMO_DRIVERS)
    rng = random.Random(2024)
    for path in STEPS:
        import_string(path)(rng=rng, log=lambda *args: None)
    season = current_season()
    driver = get_user_model().objects.get(username=DEMO_DRIVER_USERNAME).driver
    registration = Registration.objects.get(season=season, driver=driver)
    closed = Round.objects.filter(season=season, status="closed").order_by("number").last()
    # A live event of the closed season (today's live day of the running season has no
    # championship points yet).
    event = (
        LiveEvent.objects.filter(season__status="closed", sessions__results__isnull=False)
        .order_by("-season__year", "starts_on")
        .distinct()
        .first()
    )
    # The driver just ahead of the demo driver in their regional ranking: a head-to-head.
    rival = (
        Standing.objects.filter(
            publication__season=season,
            publication__status="published",
            tier="REGIONAL",
            league=registration.league,
            scope=registration.region,
        )
        .exclude(registration=registration)
        .order_by("position")
        .values_list("registration__driver__online_id", flat=True)
        .first()
    )
    return {
        "season": season,
        "team_final": LiveEvent.objects.get(season__year=2023, kind="world_final"),
        "exhibition": Season.objects.get(kind="exhibition"),
        "suspended": Suspension.objects.select_related("driver").get().driver,
        "driver": driver,
        "rival": rival,
        "registration": registration,
        "round": closed,
        "event": event,
    }


def pages_of(site) -> list[PageCheck]:
    label = site["season"].label
    online_id = site["driver"].online_id
    past = site["event"].season.label
    return [
        PageCheck("home", "/", (".stat-value",)),
        PageCheck("my-nations-cup", "/", (".rank-card .rank", ".rank-card .medal"), signed_in=True),
        PageCheck(
            "standings",
            f"/standings/?season={label}&region=EMEA&league=GT1",
            ("td.rank-cell", "td.points-cell", "td .medal"),
        ),
        PageCheck(
            "standings-domestic",
            f"/standings/?season={label}&tier=DOMESTIC",
            ("td.rank-cell", "td.points-cell"),
            signed_in=True,
        ),
        PageCheck("rules", f"/rules/?season={label}", ("td.points-cell", ".formula")),
        PageCheck("seasons", "/seasons/", (".card-title", ".podium-list li")),
        PageCheck("hall-of-fame", "/hall-of-fame/", ("table.hof-world td.points-cell",)),
        PageCheck("season", f"/seasons/{label}/?region=EMEA&league=GT1", (".round-card",)),
        PageCheck(
            "nations", f"/seasons/{label}/nations/?league=GT1", ("td.rank-cell", "td.points-cell")
        ),
        PageCheck(
            "round",
            f"/seasons/{label}/rounds/{site['round'].number}/?region=EMEA&league=GT1",
            ("td.rank-cell", "td.points-cell"),
        ),
        PageCheck(
            "driver-season",
            f"/seasons/{label}/drivers/{online_id}/",
            (".stat-value", "table.rankings td.rank-cell", "table.breakdown td.points-cell"),
        ),
        PageCheck("drivers", "/drivers/?q=ka", ("tbody tr",)),
        PageCheck("driver", f"/drivers/{online_id}/", (".stat-value",)),
        PageCheck(
            "compare",
            f"/compare/?a={online_id}&b={site['rival']}",
            (".stat-value", "table.compare-tiers td.num"),
        ),
        PageCheck(
            "driver-suspended",
            f"/drivers/{site['suspended'].online_id}/",
            (".message-error", ".stat-value"),
        ),
        PageCheck("exhibition-season", f"/seasons/{site['exhibition'].label}/", (".badge-warn",)),
        PageCheck(
            "exhibition-standings",
            f"/standings/?season={site['exhibition'].label}&region=EMEA&league=GT1",
            (".badge-warn", "td.rank-cell"),
        ),
        PageCheck("claim", "/me/claim/", ("button.button",), signed_in=True),
        PageCheck("live-hub", "/live/", ("[data-live-order] td", ".watch-links button")),
        PageCheck("live-events", f"/live/events/?season={past}", (".card-title",)),
        PageCheck("live-event", site["event"].get_absolute_url(), ("td.rank-cell", "td.num")),
        PageCheck("championship", f"/live/season/{past}/championship/", ("td.points-cell",)),
        PageCheck("finalists", f"/live/season/{past}/finalists/", (".card-title",)),
        PageCheck(
            "team-event",
            site["team_final"].get_absolute_url(),
            ("[aria-labelledby=teams-title] td.rank-cell", "[aria-labelledby=teams-title] td.num"),
        ),
        PageCheck(
            "team-championship",
            f"/live/season/{site['team_final'].season.label}/championship/",
            ("td.points-cell",),
        ),
        PageCheck("hall-of-fame-teams", "/hall-of-fame/", ("table.hof-teams td.points-cell",)),
        PageCheck("predictions", f"/live/season/{past}/predictions/", ("td.points-cell",)),
        PageCheck("my-seasons", "/me/", ("table.entries .badge",), signed_in=True),
        PageCheck("login", "/accounts/login/", ("button.button",)),
        PageCheck("signup", "/accounts/signup/", ("button.button",)),
        PageCheck("time-zone", "/time-zone/", ("[data-zone-search]",)),
        PageCheck("not-found", "/no-such-page/", (".error-code",), status=404),
        PageCheck(
            "forbidden", f"/seasons/{past}/payouts/", (".error-code",), status=403, signed_in=True
        ),
        PageCheck("register-refused", f"/seasons/{label}/register/", (".message",), signed_in=True),
    ]


def sign_in(page, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": page.url_base}])


OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1
            && getComputedStyle(el).position !== "absolute";
    }).slice(0, 5).map((el) => el.tagName + "." + el.className
        + " right=" + el.getBoundingClientRect().right);
    const tables = [...document.querySelectorAll(".table-container")]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => "table-container " + el.scrollWidth + ">" + el.clientWidth);
    return {page: document.documentElement.scrollWidth - width, wide, tables};
}"""

# Controls and the links of navigation, pagination, chips and tables. A table cell's main
# link covers its cell (a stretched ::after), so its target is the cell.
SMALL_TARGETS = """() => [...document.querySelectorAll(
        "button, select, input:not([type=hidden]):not([type=checkbox]), .pagination a, "
        + "td a, .nav-links a, .chips a, .button"
    )].filter((el) => {
        const target = el.matches("td .cell-main > a:first-child") ? el.closest("td") : el;
        const box = target.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden"
            && !el.closest("details:not([open])") && box.height < 43.5;
    }).slice(0, 5).map((el) => el.tagName + " '"
        + (el.textContent || el.name || "").trim().slice(0, 30)
        + "' " + Math.round(el.getBoundingClientRect().height) + "px")"""


def check_page(page, check: PageCheck) -> None:
    response = page.goto(check.path)
    assert response.status == check.status, (check.name, response.status)
    layout = page.evaluate(OVERFLOW)
    assert layout["page"] <= 0, (check.name, "page scrolls sideways", layout)
    assert layout["tables"] == [], (check.name, layout)
    assert layout["wide"] == [], (check.name, layout)
    width = page.viewport_size["width"]
    for selector in check.key:
        element = page.locator(selector).first
        expect(element).to_be_visible()
        box = element.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (
            check.name,
            selector,
            box,
        )
    assert page.evaluate(SMALL_TARGETS) == [], check.name
    assert_accessible(page)


def keep_for_docs(page, check: PageCheck, path: Path) -> None:
    target = os.environ.get("SCREENSHOTS_DIR")
    if not target or check.name not in DOCUMENTED:
        return
    folder = ROOT / target
    folder.mkdir(parents=True, exist_ok=True)
    width = VIEWPORTS[page.viewport_name]["viewport"]["width"]
    shutil.copyfile(path, folder / f"{check.name}-{width}.png")


def test_every_public_page_fits_the_screen_shows_its_numbers_and_passes_axe(
    page, live_server, league_site
):
    page.url_base = live_server.url
    signed_in = False
    for check in sorted(pages_of(league_site), key=lambda c: c.signed_in):
        if check.signed_in and not signed_in:
            sign_in(page, league_site["driver"].user)
            signed_in = True
        page.artifact_name = f"{page.artifact_base}-{check.name}"
        check_page(page, check)
        keep_for_docs(page, check, save_screenshot(page))


def test_domestic_and_area_standings_open_on_the_viewers_own_scope(page, live_server, league_site):
    page.url_base = live_server.url
    reg = league_site["registration"]
    online_id = league_site["driver"].online_id
    label = league_site["season"].label
    sign_in(page, league_site["driver"].user)
    own = {
        "DOMESTIC": reg.country_id,
        "MAIN_AREA": reg.main_area.code,
        "SECONDARY_AREA": reg.secondary_area.code,
    }
    for tier, scope in own.items():
        page.goto(f"/standings/?season={label}&tier={tier}")
        expect(page.locator("#id_scope")).to_have_value(scope)
        expect(page.locator("#id_region")).to_have_value(reg.region)
        expect(page.locator(f"tr#driver-{online_id}.is-me").first).to_be_visible()

    # A visitor who finds a driver lands on that driver's own area, the row marked and in view.
    page.context.clear_cookies()
    page.goto(f"/standings/?season={label}&tier=SECONDARY_AREA&find={online_id}")
    expect(page.locator("#id_scope")).to_have_value(reg.secondary_area.code)
    row = page.locator(f"tr#driver-{online_id}.is-found")
    expect(row).to_be_visible()
    expect(row).to_be_in_viewport()
    # Without anyone to follow, a tier opens on its largest ranking, never an empty one.
    page.goto(f"/standings/?season={label}&tier=DOMESTIC&region=EMEA")
    expect(page.locator("td.rank-cell").first).to_be_visible()
    save_screenshot(page)
