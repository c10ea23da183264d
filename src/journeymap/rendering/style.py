"""The visual language as data: palette, font, sizes and strokes, one source of truth per theme."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from journeymap.vocabulary import EMOTION_MAX, EMOTION_MIN
from journeymap.wording import EMOTION_WORDS


@attrs.frozen(kw_only=True)
class Stroke:
    """How a line or an outline is drawn."""

    color: str
    style: str = "solid"  # a Graphviz style: solid, dashed, dotted
    width: float = 1.0

    def attributes(self) -> dict[str, str]:
        """The Graphviz attributes of an edge drawn with this stroke."""
        return {"color": self.color, "style": self.style, "penwidth": str(self.width)}


@attrs.frozen(kw_only=True)
class Box:
    """How a node is drawn: outline, fill and text colour."""

    border: Stroke
    fill: str
    text: str

    def attributes(self, *, rounded: bool) -> dict[str, str]:
        """The Graphviz attributes of a node or cluster drawn as this box."""
        dash = None if self.border.style == "solid" else self.border.style
        style = ",".join(n for n in ("rounded" if rounded else None, "filled", dash) if n)
        return {"style": style, "color": self.border.color, "fillcolor": self.fill, "penwidth": str(self.border.width)}


@attrs.frozen(kw_only=True)
class Badge:
    """A small tag inside a node (UNUSED, PASSIVE, MOMENT OF TRUTH): background and text colour."""

    fill: str
    text: str


@attrs.frozen(kw_only=True)
class Mood(Badge):
    """One step of the emotion scale: a badge's colours, and its word (the themes' words are wording's)."""

    word: str


@attrs.frozen(kw_only=True)
class Theme:
    """Everything a view needs to know about how things look; ``THEMES`` holds the three built in.

    A theme of your own is one built in with some things changed:

    >>> import attrs
    >>> from journeymap import THEMES, Journey, render
    >>> large = attrs.evolve(THEMES["print"], name="large print", text_size=14.0)
    >>> render(Journey(title="Short"), view="canvas", theme=large)[:5]
    b'<?xml'
    """

    name: str
    font: str = "DejaVu Sans"
    # Sizes in points at the rendered size; nothing is ever drawn below 9 pt.
    title_size: float = 24.0
    subtitle_size: float = 13.0
    heading_size: float = 13.0
    text_size: float = 11.0
    small_size: float = 10.0
    # Characters per line when wrapping, by what is wrapped.
    wrap_title: int = 70
    wrap_description: int = 100
    wrap_name: int = 26
    wrap_text: int = 32
    pain_point_chars: int = 90  # pain points are shown short; the tooltip has the whole text
    png_dpi: int = 150
    # Each diagram's own title, persona and description above its key; the report, which has them once at the
    # top of the page, draws its diagrams without.
    title_block: bool = True

    ink: str = "#222222"
    muted: str = "#5F5F5F"
    background: str = "#FFFFFF"
    stage: Box = Box(border=Stroke(color="#9A9A9A", width=1.2), fill="#F4F6F8", text="#222222")
    holder: Box = Box(border=Stroke(color="#B0B0B0", style="dashed", width=1.0), fill="#FFFFFF", text="#222222")
    persona_holder: Box = Box(border=Stroke(color="#7A7A7A", width=1.4), fill="#FFFFFF", text="#222222")
    touchpoint: Box = Box(border=Stroke(color="#444444", width=1.4), fill="#FFFFFF", text="#222222")
    passive: Box = Box(border=Stroke(color="#6E6E6E", style="dotted", width=2.2), fill="#E3E3E3", text="#222222")
    asset: Box = Box(border=Stroke(color="#5F5F5F", width=1.2), fill="#FFFFFF", text="#222222")
    unused_willing: Box = Box(border=Stroke(color="#D55E00", style="dashed", width=3.5), fill="#FCE9DC", text="#222222")
    unused: Box = Box(border=Stroke(color="#D55E00", style="dashed", width=2.6), fill="#FFFFFF", text="#222222")
    # Faded: not everyone wants to co-produce, and the map respects that.
    unused_unwilling: Box = Box(border=Stroke(color="#E8AE85", style="dashed", width=1.4), fill="#FFFFFF",
                                text="#6E6E6E")
    unused_badge: Badge = Badge(fill="#A63F00", text="#FFFFFF")  # darker vermillion: white text at 6.3:1 (WCAG AA)
    unwilling_badge: Badge = Badge(fill="#F6DCCB", text="#595959")
    passive_badge: Badge = Badge(fill="#6E6E6E", text="#FFFFFF")
    # Tokenism (co-design or co-production claimed, no citizen taking part): a warning, Okabe–Ito yellow, dark text.
    tokenism_badge: Badge = Badge(fill="#F0E442", text="#222222")
    moment_badge: Badge = Badge(fill="#222222", text="#FFFFFF")
    flow: Stroke = Stroke(color="#444444", width=1.6)
    actual: Stroke = Stroke(color="#009E73", width=2.4)
    potential: Stroke = Stroke(color="#E69F00", style="dashed", width=2.4)
    # Staff assets and the contributions that enable citizens: quieter than citizens' own, never green or orange.
    staff_asset: Box = Box(border=Stroke(color="#9A9A9A", width=0.8), fill="#FFFFFF", text="#5F5F5F")
    enabling: Stroke = Stroke(color="#7A7A7A", style="dotted", width=1.4)
    # Outcomes (what matters to the person), told apart by stroke as well as colour: co-produced a heavy solid
    # outline in the colour of citizens' actual contributions, on a tint; served by the service only a thin grey
    # outline; unserved a dashed outline, called out by a dark badge.
    outcome_co_produced: Box = Box(border=Stroke(color="#009E73", width=2.6), fill="#E5F4EF", text="#222222")
    outcome_service_only: Box = Box(border=Stroke(color="#6E6E6E", width=1.2), fill="#FFFFFF", text="#222222")
    outcome_unserved: Box = Box(border=Stroke(color="#222222", style="dashed", width=2.2), fill="#FFFFFF",
                                text="#222222")
    outcome_co_produced_badge: Badge = Badge(fill="#00694D", text="#FFFFFF")  # white on it at 6.6:1
    outcome_service_only_badge: Badge = Badge(fill="#E3E3E3", text="#222222")
    outcome_unserved_badge: Badge = Badge(fill="#222222", text="#FFFFFF")
    # The Co-production Star: cards for citizen voice (three phases) and citizen action (co-delivery).
    voice: Box = Box(border=Stroke(color="#8A8A8A", width=1.2), fill="#FFFFFF", text="#222222")
    action: Box = Box(border=Stroke(color="#222222", width=3.0), fill="#FFFFFF", text="#222222")
    # The perception gap: staff a hollow square, users a filled circle, joined by a grey bar over a grid.
    staff: Box = Box(border=Stroke(color="#444444", width=2.2), fill="#FFFFFF", text="#222222")
    users: Box = Box(border=Stroke(color="#0072B2", width=1.0), fill="#0072B2", text="#222222")
    gap_bar: Stroke = Stroke(color="#B8B8B8", width=4.0)
    grid: Stroke = Stroke(color="#DDDDDD", width=0.8)
    emotion: tuple[Mood, ...] = (
        Mood(fill="#D55E00", text="#000000", word=EMOTION_WORDS[0]),
        Mood(fill="#EDB48E", text="#222222", word=EMOTION_WORDS[1]),
        Mood(fill="#BDBDBD", text="#222222", word=EMOTION_WORDS[2]),
        Mood(fill="#93C3E3", text="#222222", word=EMOTION_WORDS[3]),
        Mood(fill="#0072B2", text="#FFFFFF", word=EMOTION_WORDS[4]),
    )

    def mood(self, emotion: int) -> Mood:
        """The colour and word for an emotion score from -2 to +2."""
        return self.emotion[max(EMOTION_MIN, min(EMOTION_MAX, emotion)) - EMOTION_MIN]


DEFAULT = Theme(name="default")
"""The theme every view uses unless told otherwise."""

COLOURBLIND = attrs.evolve(
    DEFAULT,
    name="colourblind",
    # Okabe–Ito hues chosen for the largest separation under every colour-vision deficiency, with
    # heavier strokes: actual blue and solid, potential reddish purple and dashed, unused vermillion.
    actual=Stroke(color="#0072B2", width=3.0),
    potential=Stroke(color="#CC79A7", style="dashed", width=3.0),
    unused_willing=Box(border=Stroke(color="#D55E00", style="dashed", width=4.5), fill="#FCE9DC", text="#222222"),
    unused=Box(border=Stroke(color="#D55E00", style="dashed", width=3.4), fill="#FFFFFF", text="#222222"),
    outcome_co_produced=Box(border=Stroke(color="#0072B2", width=3.0), fill="#E3EEF6", text="#222222"),
    outcome_co_produced_badge=Badge(fill="#005A8C", text="#FFFFFF"),
    # Blue means an actual contribution here, so the emotion scale runs from vermillion to bluish green instead:
    # +2 stands 56 (deuteranopia) to 58 (protanopia) CIELAB units apart from the contributions' blue as simulated
    # (Machado 2009), the lighter +1 apart from neutral grey by lightness; dark text on the green, 4.7:1.
    emotion=(
        Mood(fill="#D55E00", text="#000000", word=EMOTION_WORDS[0]),
        Mood(fill="#EDB48E", text="#222222", word=EMOTION_WORDS[1]),
        Mood(fill="#BDBDBD", text="#222222", word=EMOTION_WORDS[2]),
        Mood(fill="#CDEEE3", text="#222222", word=EMOTION_WORDS[3]),
        Mood(fill="#009E73", text="#222222", word=EMOTION_WORDS[4]),
    ),
)
"""Okabe–Ito hues picked apart for colour-blind readers, with heavier strokes; no colour means two things."""

PRINT = attrs.evolve(
    DEFAULT,
    name="print",
    # Greyscale for black-and-white printing: states differ by stroke, dash and weight alone.
    stage=Box(border=Stroke(color="#808080", width=1.2), fill="#F2F2F2", text="#000000"),
    touchpoint=Box(border=Stroke(color="#000000", width=1.4), fill="#FFFFFF", text="#000000"),
    passive=Box(border=Stroke(color="#000000", style="dotted", width=2.4), fill="#DDDDDD", text="#000000"),
    asset=Box(border=Stroke(color="#404040", width=1.2), fill="#FFFFFF", text="#000000"),
    unused_willing=Box(border=Stroke(color="#000000", style="dashed", width=4.5), fill="#E6E6E6", text="#000000"),
    unused=Box(border=Stroke(color="#000000", style="dashed", width=3.2), fill="#FFFFFF", text="#000000"),
    unused_unwilling=Box(border=Stroke(color="#A0A0A0", style="dashed", width=1.4), fill="#FFFFFF", text="#606060"),
    unused_badge=Badge(fill="#000000", text="#FFFFFF"),
    unwilling_badge=Badge(fill="#E6E6E6", text="#505050"),
    passive_badge=Badge(fill="#505050", text="#FFFFFF"),
    tokenism_badge=Badge(fill="#D0D0D0", text="#000000"),
    # Steps a mid grey, so that an actual contribution, black, stands out from a step however wide (a map from
    # records draws steps wider for more cases: as wide as a contribution, they were as dark).
    flow=Stroke(color="#8C8C8C", width=1.6),
    actual=Stroke(color="#000000", width=2.6),
    potential=Stroke(color="#606060", style="dashed", width=2.6),
    staff_asset=Box(border=Stroke(color="#A0A0A0", width=0.8), fill="#FFFFFF", text="#505050"),
    enabling=Stroke(color="#707070", style="dotted", width=1.4),
    users=Box(border=Stroke(color="#000000", width=1.0), fill="#000000", text="#000000"),
    outcome_co_produced=Box(border=Stroke(color="#000000", width=3.0), fill="#EBEBEB", text="#000000"),
    outcome_service_only=Box(border=Stroke(color="#606060", width=1.2), fill="#FFFFFF", text="#000000"),
    outcome_unserved=Box(border=Stroke(color="#000000", style="dashed", width=2.2), fill="#FFFFFF", text="#000000"),
    outcome_co_produced_badge=Badge(fill="#303030", text="#FFFFFF"),
    outcome_service_only_badge=Badge(fill="#E6E6E6", text="#000000"),
    outcome_unserved_badge=Badge(fill="#000000", text="#FFFFFF"),
    emotion=(
        Mood(fill="#303030", text="#FFFFFF", word=EMOTION_WORDS[0]),
        # Lighter, with dark text: at #6A6A6A with white, -1 was the "PASSIVE" badge (#505050) on the same card.
        Mood(fill="#8F8F8F", text="#000000", word=EMOTION_WORDS[1]),
        Mood(fill="#D0D0D0", text="#000000", word=EMOTION_WORDS[2]),
        Mood(fill="#F0F0F0", text="#000000", word=EMOTION_WORDS[3]),
        Mood(fill="#FFFFFF", text="#000000", word=EMOTION_WORDS[4]),
    ),
)
"""Greyscale, for black-and-white printing: every state told apart by stroke, dash and weight."""

THEMES: Mapping[str, Theme] = MappingProxyType({theme.name: theme for theme in (DEFAULT, COLOURBLIND, PRINT)})
"""The themes by name (read-only, as VIEWS is: pass a Theme of your own to render instead)."""
