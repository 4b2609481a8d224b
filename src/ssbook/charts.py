"""Charts: the book's altair theme, and the HTML that puts a chart on a page.

A chart goes on a page as its Vega-Lite spec (drawn in the browser by the Vega scripts the site
serves itself, see `vendor_vega`) plus a static SVG of the same chart, shown when JavaScript is
off and in print. No page loads anything from another host.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import platformdirs
import vl_convert

from .whole import write_whole

VEGALITE_VERSION = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
BUNDLE_NAME = "vega-bundle.js"
DESCRIBED_MARKS = 60  # a chart with more marks than this describes itself as a whole to screen readers, not mark by mark
STATIC_FONT = "'Liberation Sans', Arimo, Arial, Helvetica, sans-serif"
PLAIN_NUMBER = ",.15~f"  # d3 format for axis labels: plain decimals (as report.number), never 1e-12

PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5"]
DIRECTION_COLOURS = {
    "up": "#c0392b",
    "slightly up": "#e8a09a",
    "stable": "#bdbdbd",
    "slightly down": "#9ec3e6",
    "down": "#1f4e79",
}


@alt.theme.register("ssbook", enable=True)
def theme() -> alt.theme.ThemeConfig:
    """Quiet report style: no chart border, light grid, one font, the book's palette."""
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
    return {
        "config": {
            "background": "transparent",
            "font": font,
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 260},
            # Text at least 4.5:1 and axis lines at least 3:1 against white; ssbook.css gives the
            # dark theme its own text, line and palette colours.
            "axis": {"labelColor": "#555", "titleColor": "#333", "gridColor": "#e6e6e6", "domainColor": "#767676", "tickColor": "#767676", "labelFontSize": 11, "titleFontSize": 12},
            "legend": {"labelColor": "#333", "titleColor": "#333", "labelFontSize": 11, "titleFontSize": 12, "orient": "bottom"},
            "title": {"color": "#222", "fontSize": 13, "anchor": "start"},
            "range": {"category": PALETTE},
        }
    }


def on_log_scale(frame: pd.DataFrame, column: str) -> tuple[pd.DataFrame, str]:
    """The rows a logarithmic axis can place (`column` above zero), and a sentence on those it cannot
    (zero or less), for the chart's description; '' when every row is placed."""
    placed = frame[frame[column] > 0]
    left = len(frame) - len(placed)
    if not left:
        return placed, ""
    one = left == 1
    return placed, (f" {left} figure{'' if one else 's'} of zero or less {'has' if one else 'have'} no place on a logarithmic "
                    f"scale and {'is' if one else 'are'} not drawn.")


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec with its data inlined."""
    return chart.to_dict()


def static_svg(chart_spec: dict) -> str:
    """The chart as vl-convert draws it in SVG. In a project, kept in _build/cache/svg under a hash
    of the spec and vl-convert's version, so a chart that has not changed since an earlier build or
    edition is not drawn again (drawing is about a quarter of the notebooks' CPU time)."""
    folder = _svg_cache()
    if folder is None:
        return vl_convert.vegalite_to_svg(chart_spec, vl_version=VEGALITE_VERSION)
    drawing = json.dumps([vl_convert.__version__, VEGALITE_VERSION, chart_spec], sort_keys=True, ensure_ascii=False)
    path = folder / f"{hashlib.sha256(drawing.encode()).hexdigest()}.svg"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    svg = vl_convert.vegalite_to_svg(chart_spec, vl_version=VEGALITE_VERSION)
    write_whole(path, svg.encode("utf-8"))
    return svg


def _svg_cache() -> Path | None:
    """_build/cache/svg of the project the notebook runs in (its kernel works in the project's
    folder), or None outside a project."""
    from .project import Project, ProjectError

    try:
        return Project.find().build / "cache" / "svg"
    except ProjectError:
        return None


def _script_json(value: dict) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can close or open a tag."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_html(chart_spec: dict, description: str) -> str:
    """HTML for a chart from its spec (`spec`): a container the site's script draws the live chart
    into, the static SVG fallback, and the spec. `description` says in words what the chart shows: it
    names both SVGs for screen readers (Vega's own `description`), and is printed under the static chart."""
    chart_spec = {**chart_spec, "description": description}
    # vl-convert lays out the static SVG measuring text in its own Liberation Sans; the SVG names
    # that face and its metric twins (Arimo, Arial, Helvetica), so a browser draws the labels as
    # wide as they were measured instead of spilling them over the edge in a wider system font.
    static_spec = {**chart_spec, "config": {**chart_spec.get("config", {}), "font": STATIC_FONT}}
    label = html.escape(description)
    return (
        '<div class="ssb-chart">'
        '<div class="ssb-chart-live"></div>'
        f'<div class="ssb-chart-static">{_named_svg(lighter_svg(static_svg(static_spec)), label)}</div>'
        f'<script type="application/json" class="ssb-chart-spec">{_script_json(chart_spec)}</script>'
        f'<p class="ssb-chart-description" aria-hidden="true">{label}</p>'
        "</div>"
    )


def _named_svg(svg: str, label: str) -> str:
    """The static SVG as one image with the description as its name (Vega names the live SVG itself)."""
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def vendor_vega(static_dir: Path) -> Path:
    """Write the Vega, Vega-Lite and vega-embed JavaScript (from the vl-convert package) into the
    site's static folder, with their versions and licences at the top."""
    bundle = vl_convert.javascript_bundle(vl_version=VEGALITE_VERSION)
    header = (
        f"/* Vega {vl_convert.get_vega_version()}, Vega-Lite {alt.VEGALITE_VERSION}, "
        f"vega-embed {vl_convert.get_vega_embed_version()}: BSD-3-Clause, (c) University of Washington "
        "Interactive Data Lab and the Vega contributors. Bundled by vl-convert "
        f"{vl_convert.__version__} (BSD-3-Clause). Wrapped in a function so its names stay private. */\n"
    )
    path = static_dir / BUNDLE_NAME
    path.write_text(header + "(function () {\n" + bundle + "\n})();\n", encoding="utf-8")
    return path


def vega_bundle() -> Path:
    """The Vega bundle of the installed vl-convert, made once per user and version in the user's cache
    (`~/.cache/ssbook/`, or $XDG_CACHE_HOME's): it depends on nothing else, so a clean build copies it."""
    folder = platformdirs.user_cache_path("ssbook") / "vega" / f"vl-convert-{vl_convert.__version__}-vega-lite-{VEGALITE_VERSION}"
    if not (folder / BUNDLE_NAME).is_file():
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder) as scratch:
            os.replace(vendor_vega(Path(scratch)), folder / BUNDLE_NAME)  # whole or not at all, for builds side by side
    return folder / BUNDLE_NAME



# The colours of a vehicle figure's status and of a fact's timing, on every chart that shows them.
STATUS_COLOURS = {"claimed": "#c55a11", "reported": "#2e75b6", "verified": "#548235", "not disclosed": "#a5a5a5"}
TIMING_COLOURS = {"actual": "#1f4e79", "planned": "#c55a11"}  # a fact that has happened, one a source says is to come


def colour_scale(colours: dict[str, str]) -> alt.Scale:
    """A colour scale giving each value of a vocabulary (`STATUS_COLOURS`, `TIMING_COLOURS` …) its colour, in its order."""
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def facet_header(size: int = 13) -> alt.Header:
    """A facet's label as the heading of its rows: bold, at the left, above them."""
    return alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelFontWeight="bold", labelFontSize=size,
                      labelOrient="top")


def nothing_to_show(message: str) -> alt.Chart:
    """A chart that only says, in grey, why there is nothing to draw ('No price … up to this edition')."""
    return alt.Chart(pd.DataFrame({"note": [message]})).mark_text(fontSize=13, color="#555").encode(
        text="note:N").properties(width=360, height=40)


def direction_arrows(x: str, y: str, size: int) -> alt.Chart:
    """White arrows over the cells of a grid coloured by `direction` (up, down, a dot for level): the colour
    again for readers who cannot tell the colours apart; hidden from screen readers, which read the cells."""
    return (
        alt.Chart().mark_point(filled=True, color="white", opacity=1, aria=False)
        .transform_calculate(arrow="indexof(['up', 'slightly up'], datum.direction) >= 0 ? 'up' : "
                                   "indexof(['down', 'slightly down'], datum.direction) >= 0 ? 'down' : 'level'")
        .encode(x=x, y=y, shape=alt.Shape("arrow:N", legend=None, scale=alt.Scale(domain=["up", "down", "level"],
                                                                                  range=["triangle-up", "triangle-down", "circle"])),
                size=alt.value(size))
    )


def powers_of_ten(values: pd.Series) -> list[float]:
    """The ticks of a logarithmic axis: the powers of ten from 1 to 10⁹ within a decade of `values` (all of
    them when there is no value); a log axis otherwise carries a tick, and an empty label, at every step."""
    decades = [10.0 ** k for k in range(0, 10)]
    if values.empty:
        return decades
    return [d for d in decades if values.min() / 10 <= d <= values.max() * 10]


def point_labels(chart: alt.Chart, text: str, **encodings) -> alt.Chart:
    """Small labels beside a chart's points, showing field `text` ('figure:N')."""
    return chart.mark_text(align="left", dx=9, fontSize=10, color="#333").encode(text=text, **encodings)


def side_labels(chart: alt.Chart, text: str, right: str, **encodings) -> alt.LayerChart:
    """Bold labels beside a chart's marks, showing field `text`: to the right of the marks whose boolean
    field `right` is true, to the left of the others (so labels at an edge stay inside the chart)."""
    style = {"dy": -2, "fontSize": 11, "fontWeight": "bold", "color": "#222"}
    return (chart.mark_text(align="left", dx=12, **style).encode(text=text, **encodings).transform_filter(f"datum.{right}")
            + chart.mark_text(align="right", dx=-12, **style).encode(text=text, **encodings).transform_filter(f"!datum.{right}"))


def period_axis(period: str, editions: int) -> alt.X:
    """The x axis of a count per 'edition', 'month' or 'quarter' (`headlines.per_period`): the editions by
    their week (labels upright up to 6 of them), else the periods by their first day."""
    if period == "edition":
        return alt.X("edition:O", title="Edition (week ending)", axis=alt.Axis(labelAngle=0 if editions <= 6 else -90))
    return alt.X("start:T", timeUnit="yearmonth" if period == "month" else "yearquarter",
                 title=f"Editions of each {period} (week ending in the {period})",
                 axis=alt.Axis(format="%Y" if period == "quarter" else "%b %Y"))


PROMISE_COLOURS = {"announced": "#1f4e79", "restated": "#7f7f7f", "slipped": "#c00000", "advanced": "#548235", "met": "#2e75b6"}  # a promise's history (`promises.history`)


def label_offsets(points: pd.DataFrame, x: str, y: str, log: bool = False, close: float = 0.04, step: int = 14) -> list[int]:
    """A vertical offset in pixels for each point's label, so that the labels of points at one `x` with
    close `y` values (within `close` of the axis: of the log of the values with `log`, else of their range)
    stack one above the other instead of running into each other; 0 for a label with no close neighbour."""
    import math

    values = points[y].astype(float).map(math.log10) if log else points[y].astype(float)
    span = (values.max() - values.min()) or 1.0
    offsets = [0] * len(points)
    for _, group in pd.Series(range(len(points)), index=points.index).groupby(points[x].to_numpy(), sort=False):
        order = sorted(group.tolist(), key=lambda i: values.iloc[i])
        clusters, current = [], [order[0]]
        for i in order[1:]:
            if (values.iloc[i] - values.iloc[current[-1]]) / span <= close:
                current.append(i)
            else:
                clusters.append(current)
                current = [i]
        clusters.append(current)
        for cluster in clusters:
            for k, i in enumerate(sorted(cluster)):
                offsets[i] = int(step * k - step * (len(cluster) - 1) / 2)
    return offsets


def point_labels_apart(chart: alt.Chart, text: str, offsets: list[int], field: str = "label_dy", **encodings) -> alt.LayerChart:
    """`point_labels` moved up or down by each point's offset (field `field`, from `label_offsets`): one layer per offset."""
    return alt.layer(*[chart.mark_text(align="left", dx=9, dy=dy, fontSize=10, color="#333").encode(text=text, **encodings)
                       .transform_filter(f"datum.{field} == {dy}") for dy in sorted(set(offsets)) or [0]])


SVG_TAG = re.compile(r"<[^<>]+>")
# Inside one image (the static SVG is role="img"), the names and roles Vega gives its parts are never read.
UNREAD = re.compile(r' (?:aria-[a-z]+|role|pointer-events)="[^"]*"| (?:opacity="1"|transform="translate\(0,0\)"|[xy][12]="0")(?=[ />])')
WIDTH_ONE = re.compile(r' stroke-width="1"(?=[ />])')  # the default, where no group sets another
GEOMETRY = re.compile(r' (d|transform|x|y|x1|x2|y1|y2|cx|cy|r|dx|dy|width|height|points|stroke-width)="([^"]*)"')
LONG_DECIMAL = re.compile(r"\d*\.\d{3,}")
EMPTY_PATH = re.compile(r'<path\b[^<>]* d="(?:|M0,0h0v0h0Z)"[^<>]*/>')  # nothing to draw
FONT = re.compile(r' font-family="([^"]*)"')


def lighter_svg(svg: str) -> str:
    """The static SVG drawn the same, in fewer bytes: positions to a hundredth of a pixel, one font
    named once on the image when every text has it, without paths that draw nothing, Vega's ARIA
    names and roles of the image's parts (the image has its own name) or attributes that say the
    default (opacity 1, no move, a line from 0, a stroke 1 wide)."""
    fonts = set(FONT.findall(svg))
    widths_inherited = re.search(r"<g\b[^<>]* stroke-width=", svg)

    def tag(match: re.Match) -> str:
        text = UNREAD.sub("", match.group(0))
        if not widths_inherited:
            text = WIDTH_ONE.sub("", text)
        if len(fonts) == 1:
            text = FONT.sub("", text)
        return GEOMETRY.sub(lambda m: f' {m.group(1)}="{LONG_DECIMAL.sub(_rounded, m.group(2))}"', text)

    svg = SVG_TAG.sub(tag, EMPTY_PATH.sub("", svg))
    if len(fonts) == 1:
        svg = svg.replace("<svg ", f'<svg font-family="{fonts.pop()}" ', 1)
    return svg


def _rounded(match: re.Match) -> str:
    return f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")


# Labels placed so that none runs into another: each point's label goes to the first free place around it.

LABEL_PLACES = {"above": (0, -12, "center"), "below": (0, 14, "center"), "right": (9, 0, "left"), "left": (-9, 0, "right")}  # dx, dy, align (text in the middle of its line)
CHAR_WIDTH = 0.62  # a character's width in a label, as a share of its font size (digits and commas of the book's fonts, generously)


def nice_top(top: float, count: int = 10) -> float:
    """Where a zero-based linear axis ends for its largest value `top`, as Vega's `nice` rounds it (d3's tick step for `count` ticks)."""
    import math

    if top <= 0:
        return 1.0
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power
    step = power * (10 if error >= 50 ** 0.5 else 5 if error >= 10 ** 0.5 else 2 if error >= 2 ** 0.5 else 1)
    return math.ceil(top / step - 1e-9) * step


def label_places(xs, ys, texts, width: int, height: int, x_domain: tuple[float, float], padding: int = 24,
                 order=None, font_size: int = 11, gap: int = 4) -> list[str]:
    """Where each point's label goes on a chart `width` × `height` px with a linear x scale over `x_domain`
    (numbers; `padding` px kept at each end) and a zero-based, nice y scale: the first of LABEL_PLACES whose
    box stays inside the chart and comes no closer than `gap` px to a label placed before it; '' when there is
    none (the label is dropped: its tooltip still gives the figure). Labels are placed in `order` (positions,
    the most important first; default: as given)."""
    low, high = x_domain
    top = nice_top(max([float(y) for y in ys] + [0.0]))
    boxes, places = [], [""] * len(texts)
    for i in (range(len(texts)) if order is None else order):
        px = width / 2 if high == low else padding + (float(xs[i]) - low) / (high - low) * (width - 2 * padding)
        py = height - float(ys[i]) / top * height
        w, h = len(str(texts[i])) * font_size * CHAR_WIDTH, font_size
        for place, (dx, dy, align) in LABEL_PLACES.items():
            left = px + dx - (w / 2 if align == "center" else w if align == "right" else 0)
            box = (left, py + dy - 0.6 * h, left + w, py + dy + 0.6 * h)
            inside = box[0] >= 0 and box[2] <= width and box[1] >= -h and box[3] <= height + h
            if inside and all(box[2] + gap <= b[0] or b[2] + gap <= box[0] or box[3] + gap <= b[1] or b[3] + gap <= box[1] for b in boxes):
                boxes.append(box)
                places[i] = place
                break
    return places


def placed_labels(chart: alt.Chart, text: str, field: str = "place", font_size: int = 11, **encodings) -> alt.LayerChart:
    """Labels beside a chart's points, each at its place (field `field`, from `label_places`); a point whose place is '' has none."""
    return alt.layer(*[chart.mark_text(align=align, dx=dx, dy=dy, fontSize=font_size, aria=False).encode(text=text, **encodings)
                       .transform_filter(f"datum.{field} == '{place}'") for place, (dx, dy, align) in LABEL_PLACES.items()])
