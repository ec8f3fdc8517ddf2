"""The season's slot hours as a grid: one box of UTC hours per region and league.

The season stores them as JSON (``{"EMEA": {"GT1": [13, 15, 17], ...}, ...}``); this
field and widget show and take that JSON as a grid, so nobody edits raw JSON.
"""

from django import forms
from django.utils.html import format_html, format_html_join

from leagues import rules

SLOT_HOURS_HELP = (
    "UTC hours of each region's entry slots per league, in the region's day order, "
    "comma-separated (e.g. 14, 15, 16, 17, 18, 20, 21, 22, 23, 0); the first GT3 (else GT2) hour "
    "starts the region's day, so earlier hours fall on the next UTC date. An empty box: no "
    "slots. New rounds get their slots from here."
)


def _hours_text(hours) -> str:
    return ", ".join(str(hour) for hour in hours)


class SlotHoursWidget(forms.Widget):
    """A table with a region per row and a league per column; each cell takes "13, 15, 17"."""

    class Media:
        css = {"all": ["css/admin_desk.css"]}

    def value_from_datadict(self, data, files, name):
        return {
            region: {league: data.get(f"{name}_{region}_{league}", "") for league in rules.LEAGUES}
            for region in rules.REGIONS
        }

    def value_omitted_from_data(self, data, files, name):
        return not any(key.startswith(f"{name}_") for key in data)

    def render(self, name, value, attrs=None, renderer=None):
        value = value if isinstance(value, dict) else {}

        def cell(region: str, league: str):
            text = value.get(region, {}).get(league, [])
            text = text if isinstance(text, str) else _hours_text(text)
            return format_html(
                '<td><input type="text" name="{}" id="id_{}" value="{}" inputmode="numeric" '
                'size="24" aria-label="{} {} hours (UTC)"></td>',
                f"{name}_{region}_{league}",
                f"{name}_{region}_{league}",
                text,
                region,
                league,
            )

        header = format_html_join("", "<th scope='col'>{}</th>", ((lg,) for lg in rules.LEAGUES))
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th>{}</tr>",
            (
                (region, format_html_join("", "{}", ((cell(region, lg),) for lg in rules.LEAGUES)))
                for region in rules.REGIONS
            ),
        )
        return format_html(
            '<table class="slot-hours"><thead><tr><th>UTC hours</th>{}</tr></thead>'
            "<tbody>{}</tbody></table>",
            header,
            rows,
        )


class SlotHoursField(forms.Field):
    """Takes the grid and gives the stored JSON; every hour a whole number from 0 to 23."""

    widget = SlotHoursWidget

    def to_python(self, value):
        if not isinstance(value, dict):
            return value
        errors: list[str] = []
        hours: dict[str, dict[str, list[int]]] = {}
        for region in rules.REGIONS:
            hours[region] = {}
            for league in rules.LEAGUES:
                text = value.get(region, {}).get(league, "")
                text = text if isinstance(text, str) else _hours_text(text)
                parsed = []
                for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
                    if not (part.isascii() and part.isdigit()) or int(part) > 23:
                        errors.append(f"{region} {league}: {part!r} is not an hour from 0 to 23.")
                    elif int(part) in parsed:
                        errors.append(f"{region} {league}: hour {part} is listed twice.")
                    else:
                        parsed.append(int(part))
                if parsed:  # an empty cell is a league without slots there
                    hours[region][league] = parsed
            if not hours[region]:
                del hours[region]
        if errors:
            raise forms.ValidationError(errors)
        return hours
