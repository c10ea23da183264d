"""journeymap: customer-journey maps of public services that show co-production and unused assets."""

from journeymap.analysis import Analysis, NeedGap, PassiveTouchpoint, PhaseCount, UnusedAsset, Untapped, analyse
from journeymap.checks import find_warnings
from journeymap.errors import (
    GraphvizNotFoundError,
    InvalidMapError,
    JourneyMapError,
    OutputError,
    Problem,
    RenderError,
    UsageError,
)
from journeymap.io import dump, dumps, load, loads
from journeymap.render import FORMATS, THEMES, VIEWS, render
from journeymap.model import Actor, Asset, Contribution, FlowEdge, Journey, Need, Stage, Touchpoint
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
    "THEMES",
    "VIEWS",
    "Actor",
    "Analysis",
    "Asset",
    "AssetKind",
    "Contribution",
    "FlowEdge",
    "GraphvizNotFoundError",
    "InvalidMapError",
    "Involvement",
    "InvolvementGroup",
    "Journey",
    "JourneyMapError",
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
    "Status",
    "Touchpoint",
    "Untapped",
    "UsageError",
    "UnusedAsset",
    "Willingness",
    "analyse",
    "dump",
    "dumps",
    "find_warnings",
    "load",
    "loads",
    "render",
]
