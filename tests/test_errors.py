"""journeymap.errors: suggestions, paths, problems and the error that lists them."""

from __future__ import annotations

import pytest

from journeymap.errors import (
    DIAGNOSTIC,
    GraphvizNotFoundError,
    InvalidMapError,
    JourneyMapError,
    OutputError,
    Path,
    Problem,
    RenderError,
    diagnostic,
    did_you_mean,
    format_path,
)

ROLES = ["service_user", "carer", "family", "professional"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("carer", "did you mean 'carer'?"),
        ("Carer", "did you mean 'carer'?"),  # a difference of case only
        ("carr", "did you mean 'carer'?"),
        ("servce_user", "did you mean 'service_user'?"),
        ("profesional", "did you mean 'professional'?"),
    ],
)
def test_did_you_mean_names_the_nearest_choice(value: str, expected: str) -> None:
    assert did_you_mean(value, ROLES) == expected


@pytest.mark.parametrize("value", ["xyz", "", 3, None, ["carer"]])
def test_did_you_mean_is_none_when_nothing_is_near_or_the_value_is_not_text(value: object) -> None:
    assert did_you_mean(value, ROLES) is None


def test_did_you_mean_with_no_choices() -> None:
    assert did_you_mean("carer", []) is None


def test_did_you_mean_accepts_any_iterable_of_choices() -> None:
    assert did_you_mean("jeny", {"jenny": 1, "margaret": 2}) == "did you mean 'jenny'?"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("title",), "title"),
        (("stages", 1), "stages[1]"),
        (("stages", 1, "touchpoints", 0, "emotion"), "stages[1].touchpoints[0].emotion"),
        (("contributions", 0, "asset"), "contributions[0].asset"),
        ((0, "name"), "[0].name"),
    ],
)
def test_format_path(path: Path, text: str) -> None:
    assert format_path(path) == text


def test_problem_without_a_file_is_placed_by_its_path() -> None:
    problem = Problem(message="unknown role 'carr'", path=("actors", 1, "role"), value="carr",
                      suggestion="did you mean 'carer'?")
    assert str(problem) == "actors[1].role: unknown role 'carr'; did you mean 'carer'?"


def test_problem_with_no_path_and_no_file_is_placed_on_the_map() -> None:
    assert str(Problem(message="no title")) == "map: no title"


def test_problem_with_a_file_and_line_names_both_and_the_path() -> None:
    problem = Problem(message="unknown role 'carr'", path=("actors", 1, "role"), suggestion="did you mean 'carer'?",
                      file="sight.yaml", line=7, column=38)
    assert str(problem) == "sight.yaml:7:38: unknown role 'carr' (at actors[1].role); did you mean 'carer'?"


def test_problem_with_a_file_only() -> None:
    assert str(Problem(message="not a map", file="x.yaml")) == "x.yaml: not a map"


def test_problem_without_suggestion_has_no_trailing_hint() -> None:
    assert str(Problem(message="stage has no touchpoints", path=("stages", 0))) == "stages[0]: stage has no touchpoints"


def test_located_and_at_return_new_problems() -> None:
    problem = Problem(message="m", path=("emotion",))
    moved = problem.at("stages", 0, "touchpoints", 2)
    placed = moved.located("a.yaml", 3, None)
    assert moved.path == ("stages", 0, "touchpoints", 2, "emotion")
    assert (placed.file, placed.line, placed.column) == ("a.yaml", 3, None)
    assert placed.where == "a.yaml:3"
    assert problem.path == ("emotion",) and problem.file is None


def test_a_column_without_a_line_is_not_written_where_a_line_would_be() -> None:
    # A Parquet log's problem has a column but no line: "log.parquet:3" would read as line 3.
    assert Problem(message="m", file="log.parquet", column=3).where == "log.parquet"
    assert Problem(message="m", file="log.csv", line=4, column=3).where == "log.csv:4:3"


def test_invalid_map_error_with_one_problem_is_that_problem() -> None:
    problem = Problem(message="duplicate id 'x'", path=("assets", 0, "id"), value="x")
    error = InvalidMapError([problem])
    assert str(error) == "assets[0].id: duplicate id 'x'"
    assert error.problems == (problem,)
    assert error.args == (str(error),)


def test_invalid_map_error_with_many_problems_counts_and_lists_them() -> None:
    problems = [Problem(message="first", path=("title",)), Problem(message="second", path=("stages", 0))]
    error = InvalidMapError(iter(problems))
    assert error.problems == tuple(problems)
    assert str(error) == "2 problems:\n  title: first\n  stages[0]: second"


@pytest.mark.parametrize("cls", [InvalidMapError, RenderError, GraphvizNotFoundError, OutputError])
def test_every_error_is_a_journey_map_error(cls: type[Exception]) -> None:
    assert issubclass(cls, JourneyMapError)


def test_errors_are_also_the_matching_builtin_errors() -> None:
    assert issubclass(InvalidMapError, ValueError)
    assert issubclass(RenderError, RuntimeError)
    assert issubclass(GraphvizNotFoundError, RenderError)
    assert issubclass(OutputError, OSError)


def test_a_hint_is_a_line_of_its_own_indented_below_the_message() -> None:
    problem = Problem(message="YAML syntax error: mapping values are not allowed here", file="m.yaml", line=5,
                      column=14, hint="usually a ': ' inside text that is not in quotes")
    assert problem.describe("error").splitlines() == [
        "m.yaml:5:14: error: YAML syntax error: mapping values are not allowed here",
        "  usually a ': ' inside text that is not in quotes"]
    error = InvalidMapError([problem, Problem(message="second", file="m.yaml", line=9)])
    assert str(error).splitlines()[1:] == [  # under a count of problems, the hint is indented further
        "  m.yaml:5:14: YAML syntax error: mapping values are not allowed here",
        "    usually a ': ' inside text that is not in quotes",
        "  m.yaml:9: second"]


@pytest.mark.parametrize("problem, line", [
    (Problem(message="m", file="a.yaml", line=3, column=4), "a.yaml:3:4: warning: m"),
    (Problem(message="m", file="a.yaml"), "a.yaml: warning: m"),
    (Problem(message="m", path=("actors", 0, "role"), suggestion="s"), "journeymap: warning: m (at actors[0].role); s"),
])
def test_every_diagnostic_matches_the_one_format(problem: Problem, line: str) -> None:
    assert problem.diagnostic("warning") == line
    assert DIAGNOSTIC.fullmatch(line)


def test_diagnostic_indents_every_later_line_once() -> None:
    assert diagnostic("error", "first\n- a\n  - b\n\n", "x.mmd") == "x.mmd: error: first\n  - a\n  - b"


@pytest.mark.parametrize("call", ["analyse", "render", "diff", "dumps", "to_networkx", "flow_graph", "draft_actions",
                                  "scorecard", "find_warnings"])
def test_a_public_function_given_something_else_than_a_map_says_what_it_takes(call: str) -> None:
    import journeymap
    from journeymap.checks import find_warnings
    from journeymap.graph import flow_graph
    from journeymap.scorecard import scorecard

    functions = {"find_warnings": find_warnings, "flow_graph": flow_graph, "scorecard": scorecard}
    function = functions.get(call) or getattr(journeymap, call)
    arguments = (journeymap.Journey(title="T"), None) if call == "diff" else (None,)
    with pytest.raises(journeymap.UsageError, match=r"takes an? (Journey|Analysis), not NoneType"):
        function(*arguments)
