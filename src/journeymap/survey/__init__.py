"""Survey results in, computed honestly: a survey definition (YAML, ``journeymap-survey: 1``) and the responses a
survey tool exported (CSV in any common encoding and delimiter, or ``.xlsx``) give, per group of respondents, the
share naming each need, willingness to do more, Likert counts and capabilities, each with its n and a Wilson 95%
interval; groups under the disclosure threshold are held back, and free text stays out unless asked for.

>>> import pathlib
>>> results = read_survey(pathlib.Path(__file__).parents[3] / "examples" / "surveys" / "sight_loss_survey.yaml")
>>> needs = results.question("What would help you most?")
>>> needs.share("users", "Get to know people and make friends").percent, needs.share("staff", "Someone to talk to").n
(91, 28)
"""

from __future__ import annotations

import os

from journeymap.survey.definition import DEFAULT_THRESHOLD, Question, QuestionKind, SurveyDefinition
from journeymap.survey.definition_reader import read_definition
from journeymap.survey.errors import InvalidSurveyError
from journeymap.survey.responses import ResponseTable, read_responses
from journeymap.survey.results import GroupAnswers, GroupSize, QuestionResult, Share, SurveyResults
from journeymap.stats import wilson_interval
from journeymap.survey.tally import tally
from journeymap.survey.text import survey_tables

__all__ = [
    "DEFAULT_THRESHOLD", "GroupAnswers", "GroupSize", "InvalidSurveyError", "Question", "QuestionKind",
    "QuestionResult", "ResponseTable", "Share", "SurveyDefinition", "SurveyResults", "read_definition",
    "read_responses", "read_survey", "survey_tables", "tally", "wilson_interval",
]


def read_survey(definition: str | os.PathLike[str], *, threshold: int | None = None,
                include_text: bool = False) -> SurveyResults:
    """The results of the survey that the definition file at ``definition`` describes, from the responses it
    names. ``threshold`` overrides the definition's disclosure threshold (default 5 respondents); free-text
    answers are in the results only with ``include_text``. Raises InvalidSurveyError (an InvalidMapError)
    listing every problem in either file, each placed at its file, line and column, and UsageError for a
    threshold below 1."""
    survey = read_definition(definition, threshold=threshold)
    return tally(survey, read_responses(survey), include_text=include_text)
