"""The fixed vocabulary of co-production that maps, errors and diagrams share."""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    """Which side of the service an actor is on.

    >>> [role.value for role in Role if role.side is Side.PROVIDER]
    ['professional', 'manager', 'commissioner', 'organisation']
    """

    CITIZEN = "citizen"
    PROVIDER = "provider"


class Role(StrEnum):
    """What an actor is to the service; the role decides the side.

    >>> Role("carer").side, Role.COMMISSIONER.side
    (<Side.CITIZEN: 'citizen'>, <Side.PROVIDER: 'provider'>)
    """

    SERVICE_USER = "service_user"
    CARER = "carer"
    FAMILY = "family"
    NEIGHBOUR = "neighbour"
    PEER = "peer"
    VOLUNTEER = "volunteer"
    COMMUNITY_GROUP = "community_group"
    PROFESSIONAL = "professional"
    MANAGER = "manager"
    COMMISSIONER = "commissioner"
    ORGANISATION = "organisation"

    @property
    def side(self) -> Side:
        """The side of the service this role is on."""
        return Side.PROVIDER if self in _PROVIDER_ROLES else Side.CITIZEN


_PROVIDER_ROLES = frozenset(
    {Role.PROFESSIONAL, Role.MANAGER, Role.COMMISSIONER, Role.ORGANISATION}
)


class AssetKind(StrEnum):
    """What sort of resource an asset is.

    >>> AssetKind("lived_experience")
    <AssetKind.LIVED_EXPERIENCE: 'lived_experience'>
    """

    TIME = "time"
    SKILLS = "skills"
    KNOWLEDGE = "knowledge"
    LIVED_EXPERIENCE = "lived_experience"
    NETWORKS = "networks"
    MOTIVATION = "motivation"
    PHYSICAL = "physical"
    FINANCIAL = "financial"


class Phase(StrEnum):
    """The four points of the Co-production Star.

    >>> [phase.value for phase in Phase if phase.is_action]
    ['co_delivery']
    """

    CO_COMMISSIONING = "co_commissioning"
    CO_DESIGN = "co_design"
    CO_DELIVERY = "co_delivery"
    CO_ASSESSMENT = "co_assessment"

    @property
    def is_action(self) -> bool:
        """True for co-delivery (citizen action); the other three are citizen voice."""
        return self is Phase.CO_DELIVERY


class Status(StrEnum):
    """Whether a contribution happens today or is an identified opportunity.

    >>> [status.value for status in Status]
    ['actual', 'potential']
    """

    ACTUAL = "actual"
    POTENTIAL = "potential"


class Willingness(StrEnum):
    """How much more an actor is willing to do.

    >>> Willingness.MONTHLY.is_willing, Willingness.NONE.is_willing
    (True, False)
    """

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    NONE = "none"

    @property
    def is_willing(self) -> bool:
        """True when the actor is willing to do more (weekly or monthly)."""
        return self is not Willingness.NONE


class Horizon(StrEnum):
    """Who takes an action, and when: the four boxes of the co-production method's action-plan form.

    >>> [h.value for h in Horizon]
    ['week', 'month', 'organisation', 'partners']
    """

    WEEK = "week"  # I will complete it within a week
    MONTH = "month"  # I will complete it within a month
    ORGANISATION = "organisation"  # others in my organisation should take it
    PARTNERS = "partners"  # people in partner organisations should take it


class ActionStatus(StrEnum):
    """Where an action stands.

    >>> ActionStatus.DONE.is_open, ActionStatus.DOING.is_open
    (False, True)
    """

    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        """True while the action is still to be done (todo or doing)."""
        return self in (ActionStatus.TODO, ActionStatus.DOING)


class InvolvementGroup(StrEnum):
    """The three groups of rungs on the ladder of co-production.

    >>> [rung.value for rung in Involvement if rung.group is InvolvementGroup.DOING_FOR]
    ['informing', 'consultation', 'engagement']
    """

    DOING_TO = "doing_to"
    DOING_FOR = "doing_for"
    DOING_WITH = "doing_with"


class Involvement(StrEnum):
    """The ladder of co-production, lowest rung first.

    >>> Involvement.EDUCATING.group, Involvement("co_design").group
    (<InvolvementGroup.DOING_TO: 'doing_to'>, <InvolvementGroup.DOING_WITH: 'doing_with'>)
    """

    COERCION = "coercion"
    EDUCATING = "educating"
    INFORMING = "informing"
    CONSULTATION = "consultation"
    ENGAGEMENT = "engagement"
    CO_DESIGN = "co_design"
    CO_PRODUCTION = "co_production"

    @property
    def group(self) -> InvolvementGroup:
        """Doing to, doing for or doing with."""
        rung = list(Involvement).index(self)
        if rung < 2:
            return InvolvementGroup.DOING_TO
        if rung < 5:
            return InvolvementGroup.DOING_FOR
        return InvolvementGroup.DOING_WITH


class Lane(StrEnum):
    """The service-blueprint lane a touchpoint belongs to.

    >>> [lane.value for lane in Lane]
    ['customer', 'frontstage', 'backstage', 'support']
    """

    CUSTOMER = "customer"
    FRONTSTAGE = "frontstage"
    BACKSTAGE = "backstage"
    SUPPORT = "support"


EMOTION_MIN = -2
EMOTION_MAX = 2

COMMON_CHANNELS = ("face_to_face", "phone", "online", "letter", "home_visit")
