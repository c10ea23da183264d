"""journeymap: customer-journey maps of public services that show co-production and unused assets."""

from journeymap.analysis import (
    Analysis,
    Chokepoint,
    Grade,
    NeedGap,
    PassiveTouchpoint,
    PhaseCount,
    StarCoverage,
    TouchpointInvolvement,
    UnusedAsset,
    Untapped,
    analyse,
)
from journeymap.checks import find_warnings
from journeymap.comparison import JourneyDiff, compare, diff
from journeymap.errors import (
    GraphvizNotFoundError,
    InvalidMapError,
    JourneyMapError,
    JourneyMapWarning,
    OutputError,
    Problem,
    RenderError,
    UsageError,
)
from journeymap.graph import to_networkx
from journeymap.io import MAP_FORMATS, dump, dumps, load, loads
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Need, Stage, Touchpoint
from journeymap.rendering import FORMATS, THEMES, VIEWS, View, render
from journeymap.rendering.style import Theme
from journeymap.schema import json_schema
from journeymap.vocabulary import (
    AssetKind,
    Involvement,
    InvolvementGroup,
    Lane,
    Phase,
    Role,
    Side,
    Status,
    Willingness,
)

__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "MAP_FORMATS",
    "THEMES",
    "VIEWS",
    "Actor",
    "Analysis",
    "Asset",
    "AssetKind",
    "Chokepoint",
    "Contribution",
    "FlowEdge",
    "Grade",
    "GraphvizNotFoundError",
    "InvalidMapError",
    "Involvement",
    "InvolvementGroup",
    "Journey",
    "JourneyDiff",
    "JourneyMapError",
    "JourneyMapWarning",
    "Lane",
    "Need",
    "NeedGap",
    "OutputError",
    "PassiveTouchpoint",
    "Phase",
    "PhaseCount",
    "Problem",
    "RenderError",
    "Role",
    "Side",
    "Stage",
    "StarCoverage",
    "Status",
    "Theme",
    "Touchpoint",
    "TouchpointInvolvement",
    "Untapped",
    "UnusedAsset",
    "UsageError",
    "View",
    "Willingness",
    "analyse",
    "compare",
    "diff",
    "dump",
    "dumps",
    "find_warnings",
    "json_schema",
    "load",
    "loads",
    "render",
    "to_networkx",
]
