"""A survey's results as plain-text tables for the terminal: one table a question, a column a shown group."""

from __future__ import annotations

from journeymap.survey.definition import QuestionKind
from journeymap.survey.results import GroupAnswers, QuestionResult, Share, SurveyResults
from journeymap.tables import table
from journeymap.wording import counted, interval, listed, words

KIND_WORDS = {
    QuestionKind.NEEDS: "needs",
    QuestionKind.WILLINGNESS: "willingness to do more",
    QuestionKind.LIKERT: "agreement",
    QuestionKind.CAPABILITIES: "capabilities: what people could bring",
    QuestionKind.TEXT: "free text",
}
WILLINGNESS_WORDS = {"weekly": "a few hours a week or more", "monthly": "a few hours a month", "none": "not at all"}


def survey_tables(results: SurveyResults) -> str:
    """The title, who answered and who is not shown, then a table for each question."""
    parts = [_heading(results)]
    parts += [_question_section(result) for result in results.questions]
    return "\n\n".join(parts) + "\n"


def _heading(results: SurveyResults) -> str:
    lines = [results.title, "=" * len(results.title)]
    shown = ", ".join(f"{g.name} {g.respondents}" for g in results.groups)
    lines.append(f"{counted(results.respondents, 'respondent')}" + (f": {shown}" if shown else "") + ".")
    if results.hidden:
        hidden = listed([f"{g.name} ({counted(g.respondents, 'respondent')})" for g in results.hidden])
        lines.append(f"Not shown, as fewer than {results.threshold} answered: {hidden}.")
    lines.append("Shares are of those in the group who answered the question; in brackets, the Wilson 95% interval.")
    return "\n".join(lines)


def _question_section(result: QuestionResult) -> str:
    question = result.question
    several = "; several answers each" if question.multiple else ""
    heading = f"{question.label} ({KIND_WORDS[question.kind]}{several})"
    if question.kind is QuestionKind.TEXT:
        return "\n".join([heading, "-" * min(len(heading), 100), *_text_lines(result)])
    answered = [a for a in result.groups if a.n]  # a group the question was not put to has no column
    if not answered:
        return f"{heading}\nno answers"
    headers = ["answer", *(f"{a.group} (n={a.n})" for a in answered)]
    rows = []
    for i, answer in enumerate(question.categories):
        cells = [_cell(a, a.shares(question)[i] if a.shares(question) else None, question.kind) for a in answered]
        rows.append([_answer_words(answer, question.kind), *cells])
    return f"{heading}\n{table(headers, rows)}"


def _answer_words(answer: str, kind: QuestionKind) -> str:
    if kind is QuestionKind.WILLINGNESS:
        return f"{answer}: {WILLINGNESS_WORDS[answer]}"
    return words(answer) if kind is QuestionKind.CAPABILITIES else answer


def _cell(answers: GroupAnswers, share: Share | None, kind: QuestionKind) -> str:
    if share is None:
        return f"not shown ({answers.n} answered)"
    figure = f"{share.percent}% ({interval(*share.interval)})"
    return f"{share.count} · {figure}" if kind is QuestionKind.LIKERT else figure


def _text_lines(result: QuestionResult) -> list[str]:
    lines = []
    for answers in result.groups:
        if not answers.n:
            continue
        if answers.hidden:
            lines.append(f"{answers.group}: {answers.n} answered; not shown, as fewer than the threshold")
        elif answers.texts is None:
            lines.append(f"{answers.group}: {counted(answers.n, 'answer')} (free text is shown only when asked for)")
        else:
            lines.append(f"{answers.group}: {counted(answers.n, 'answer')}")
            lines += [f"  - {' '.join(text.split())}" for text in answers.texts]
    return lines
