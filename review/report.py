"""The lead's HTML report and the Telegram theme summary, both built from disclosed tables.

Every output goes through :func:`review.disclosure.disclose`, so none can show a number that
disclosure control withheld.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from review.aggregate import ReviewData, day_words
from review.charts import BarChart, LineChart, bar_chart, line_chart
from review.disclosure import DisclosurePolicy, ReviewTables, Table, TableRow, disclose
from review.helped import ActionFacts, ActionTables, helped
from review.idea_groups import IdeaGroup, idea_groups
from review.periods import Period

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class ChartSection:
    """A chart and the table it was drawn from.

    Fields: ``key`` (anchor and SVG id prefix), ``heading``, ``intro`` (one sentence on how to
    read it), ``bar`` or ``line`` (the chart; the other is None), ``table`` (its data) and
    optionally ``counts`` (the counts a table of shares was worked out from).
    """

    key: str
    heading: str
    intro: str
    bar: BarChart | None
    line: LineChart | None
    table: Table
    counts: Table | None = None


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Everything ``report.html.j2`` shows; the template reads nothing else.

    Fields:
        title: page heading.
        scope: the wards covered, in words.
        period: the dates covered, in words.
        generated: the day the report was made.
        too_few: when true the page shows only ``too_few_text``.
        too_few_text: the sentence shown when the selection is too small.
        legend: what the suppression marker means.
        quote_rule: when quotes are shown.
        quote_min_people: distinct people needed before a quote is shown.
        glance: the most frequent themes, one sentence each.
        participation: counts of reflections, sessions and shares.
        sections: chart sections (top themes, trends, by intervention, staff and patient).
        voice_quotes: (theme label, (staff quote or None, patient quote or None)) pairs.
        ideas: the ideas table.
        idea_quotes: (theme label, quotes) pairs for ideas.
        idea_groups: ideas grouped by theme and shared words, each with its id.
        wards: reflections and sessions per ward, with the too-few state.
        actions: the actions recorded for these wards (anonymised text, owner role, status,
            due day, theme).
        helped: per action, the share of sessions raising its theme before and after it
            started ("Did it help?"), or why none is shown.
        helped_intro: how to read ``helped``: the periods compared and the disclosure rule.
    """

    title: str
    scope: str
    period: str
    generated: str
    too_few: bool
    too_few_text: str
    legend: str
    quote_rule: str
    quote_min_people: int
    glance: tuple[str, ...]
    participation: Table
    sections: tuple[ChartSection, ...]
    voice_quotes: tuple[tuple[str, tuple[str | None, str | None]], ...]
    ideas: Table
    idea_quotes: tuple[tuple[str, tuple[str, ...]], ...]
    idea_groups: tuple[IdeaGroup, ...]
    wards: Table
    actions: Table
    helped: Table
    helped_intro: str


def _environment() -> SandboxedEnvironment:
    # Both outputs are HTML, so they share settings; each keeps its own factory so the two can
    # diverge without touching callers.
    return SandboxedEnvironment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_environment() -> SandboxedEnvironment:
    """The one Jinja environment for report pages: sandboxed, autoescaped, strict."""
    return _environment()


def telegram_environment() -> SandboxedEnvironment:
    """The Jinja environment for Telegram HTML messages: escapes <, > and & in all values."""
    return _environment()


def _glance(tables: ReviewTables, limit: int = 3) -> tuple[str, ...]:
    lines = []
    for row in tables.top_themes.rows[:limit]:
        sessions = row.cells[0]
        amount = "a few sessions" if sessions.hidden else f"{sessions.text} sessions"
        lines.append(f"{row.label}: raised in {amount}")
    return tuple(lines)


def build_context(
    tables: ReviewTables,
    *,
    title: str,
    generated: date | None = None,
    groups: tuple[IdeaGroup, ...] = (),
    actions: ActionTables | None = None,
) -> ReportContext:
    """Arrange disclosed tables and their charts into the page context."""
    policy = tables.policy
    if actions is None:
        actions = ActionTables(
            Table("actions", "Actions", "Action", (), ()),
            Table("helped", "Did it help?", "Action", (), ()),
            (),
            policy.min_reflections,
            "month",
        )
    unit = "quarter" if actions.period == "quarter" else "month"
    per = "quarter" if tables.period_kind == "quarter" else "month"
    sections = (
        ChartSection(
            "top-themes",
            "Themes that keep coming back",
            "How many reflection sessions raised each theme, most frequent first.",
            bar_chart(
                Table(
                    "top-themes-chart",
                    "",
                    "Theme",
                    ("Sessions",),
                    tuple(TableRow(r.label, r.cells[:1]) for r in tables.top_themes.rows),
                ),
                title="Sessions per theme",
                desc="Horizontal bars, one per theme; the same numbers are in the table below.",
            ),
            None,
            tables.top_themes,
        ),
        ChartSection(
            "trends",
            f"Themes over time, by {per}",
            f"Sessions raising each of the top themes per {per}. A gap in a line is a hidden "
            "small number, not a zero.",
            None,
            line_chart(
                tables.trends,
                title=f"Top themes per {per}",
                desc=f"One line per theme across each {per}; figures are in the table below.",
            ),
            tables.trends,
        ),
        ChartSection(
            "interventions",
            "Themes by kind of intervention",
            "Sessions raising each theme, split by the intervention the reflection was about.",
            bar_chart(
                tables.interventions,
                title="Themes by intervention",
                desc="Grouped bars: one bar per intervention within each theme.",
            ),
            None,
            tables.interventions,
        ),
        ChartSection(
            "voices",
            "Staff and patient views side by side",
            "The share of staff sessions and of patient sessions that raised each theme, so "
            "the group that reflects more often does not look more concerned. The counts are "
            "in the second table.",
            bar_chart(
                tables.voice_shares,
                title="Share of staff and of patient sessions per theme (%)",
                desc="Grouped bars: staff then patients within each theme, as percentages.",
            ),
            None,
            tables.voice_shares,
            tables.voices,
        ),
    )
    day = generated or date.today()
    return ReportContext(
        title=title,
        scope=tables.scope,
        period=tables.period,
        generated=day_words(day),
        too_few=tables.too_few,
        too_few_text=(
            f"There are too few reflections to show for {tables.scope} in this period. "
            f"A report needs at least {policy.min_reflections} reflections from at least "
            f"{policy.threshold} people, so that nobody can be recognised."
        ),
        legend=policy.legend,
        quote_rule=(
            f"Quotes appear only where at least {policy.quote_min_people} different people "
            "raised the theme."
        ),
        quote_min_people=policy.quote_min_people,
        glance=_glance(tables),
        participation=tables.participation,
        sections=sections,
        voice_quotes=tuple(
            (row.label, pair)
            for row, pair in zip(tables.voices.rows, tables.voice_quotes, strict=True)
        ),
        ideas=tables.ideas,
        idea_quotes=tuple(
            (row.label, q) for row, q in zip(tables.ideas.rows, tables.idea_quotes, strict=True)
        ),
        idea_groups=groups,
        wards=tables.wards,
        actions=actions.actions,
        helped=actions.helped,
        helped_intro=(
            f"For each action, the share of the ward's sessions that raised its theme in the "
            f"whole {unit}s of this report before the {unit} it started, and in those after "
            f"it (the {unit} it started in is in neither). An action starts when it moves to "
            f"trying or done; one not started yet is dated from when it was recorded. A share "
            f"is shown only out of at least {actions.min_sessions} sessions, and counts follow "
            "the same rule as every table here."
        ),
    )


def render_report(
    data: ReviewData,
    policy: DisclosurePolicy | None = None,
    *,
    title: str = "PROMISE Reflect: themes report",
    generated: date | None = None,
    top_n: int = 8,
    actions: Sequence[ActionFacts] = (),
    period: Period = "month",
) -> str:
    """One self-contained HTML page for a lead, with every number under disclosure control;
    ``actions`` are the wards' actions, shown with whether they helped, by ``period``."""
    policy = policy or DisclosurePolicy()
    tables = disclose(data, policy, top_n=top_n)
    groups = idea_groups(data, policy)
    context = build_context(
        tables,
        title=title,
        generated=generated,
        groups=groups,
        actions=helped(data, actions, policy, period),
    )
    template = report_environment().get_template("report.html.j2")
    return template.render(_fields(context))


def themes_summary(
    data: ReviewData, policy: DisclosurePolicy | None = None, *, top: int = 3
) -> str:
    """A short Telegram-safe HTML message naming the top themes for the lead's wards."""
    tables = disclose(data, policy or DisclosurePolicy(), top_n=top)
    template = telegram_environment().get_template("themes_summary.tg.j2")
    return template.render(
        scope=tables.scope,
        period=tables.period,
        too_few=tables.too_few,
        rows=tables.top_themes.rows[:top],
        marker=tables.policy.marker,
        threshold=tables.policy.threshold,
    ).strip()


def ideas_summary(data: ReviewData, policy: DisclosurePolicy | None = None, *, top: int = 8) -> str:
    """A Telegram-safe HTML message of the grouped ideas for the lead's wards, with their ids."""
    policy = policy or DisclosurePolicy()
    tables = disclose(data, policy, top_n=1)
    template = telegram_environment().get_template("ideas.tg.j2")
    return template.render(
        scope=tables.scope,
        period=tables.period,
        too_few=tables.too_few,
        groups=idea_groups(data, policy)[:top],
        marker=policy.marker,
        threshold=policy.threshold,
        quote_min_people=policy.quote_min_people,
    ).strip()


def _fields(context: ReportContext) -> Mapping[str, object]:
    # shallow: nested dataclasses stay objects so templates read their attributes
    return {name: getattr(context, name) for name in context.__dataclass_fields__}
