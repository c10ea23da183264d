"""Build a sight-loss journey in Python, print what goes unused, and render every view and the report.

Run: python examples/sight_loss.py [OUT_DIR]   (default: out/)
"""

import sys
from pathlib import Path

import journeymap as jm

margaret = jm.Actor(id="margaret", name="Margaret, 78", role="service_user", willingness="monthly")
jenny = jm.Actor(id="jenny", name="Jenny (daughter)", role="carer", willingness="weekly")
club = jm.Actor(id="club", name="Macular support group", role="community_group", willingness="weekly")
rehab = jm.Actor(id="rehab", name="Rehabilitation officer", role="professional")

know_how = jm.Asset(id="know_how", holder=margaret, kind="lived_experience", name="Knows what helps day to day")
jenny_time = jm.Asset(holder=jenny, kind="time", hours_per_month=8)  # id derived: jenny_time
club_network = jm.Asset(id="club_network", holder=club, kind="networks", name="Peer support network")

clinic = jm.Touchpoint(id="clinic", name="Eye clinic appointment", channel="face_to_face",
                       actors=[margaret, rehab], emotion=-2, involvement="informing", moment_of_truth=True,
                       pain_points=["Told nothing more can be done"])
home_visit = jm.Touchpoint(id="home_visit", name="Home assessment", actors=[margaret, jenny, rehab], emotion=1)
group = jm.Touchpoint(id="group", name="First support-group meeting", actors=[margaret, club], emotion=2)

journey = jm.Journey(
    title="Living well with sight loss",
    description="From diagnosis to living well, as Margaret tells it",
    persona=margaret,
    actors=[margaret, jenny, rehab, club],
    assets=[know_how, jenny_time, club_network],
    stages=[jm.Stage(id="diagnosis", name="Diagnosis", touchpoints=[clinic]),
            jm.Stage(id="support", name="Getting support", touchpoints=[home_visit, group])],
    flow=[jm.FlowEdge(source=clinic, target=home_visit, label="referral"), jm.FlowEdge(source=home_visit, target=group)],
    contributions=[
        jm.Contribution(asset=jenny_time, touchpoint=home_visit, phase="co_delivery"),
        jm.Contribution(asset=club_network, touchpoint=clinic, phase="co_delivery", status="potential",
                        note="Group volunteers could meet people at the clinic"),
    ],
    needs=[jm.Need(name="Get to know people and make friends", users=0.91, staff=0.36)],
)

if __name__ == "__main__":
    findings = jm.analyse(journey)
    for unused in findings.unused_assets:
        print(f"unused: {unused.asset.label} ({unused.holder.name}, {unused.grade})")
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out")
    out.mkdir(parents=True, exist_ok=True)
    for view in jm.VIEWS:
        (out / f"sight_loss_py.{view}.svg").write_bytes(jm.render(journey, view=view, format="svg"))
    (out / "sight_loss_py.report.html").write_bytes(jm.render(journey, format="html"))
    print(f"wrote {out}/sight_loss_py.{{{','.join(jm.VIEWS)}}}.svg and {out}/sight_loss_py.report.html")
