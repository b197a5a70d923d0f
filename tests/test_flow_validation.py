"""Schools edit flows: every mistake is reported, each as file:line: flow/step: what and how."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.app import Content
from bot.loading import yaml_lines
from bot.loading.flows import load_flows
from bot.loading.problems import InvalidData
from bot.loading.yaml_lines import YamlError
from tests.conftest import ROOT

GOOD = """\
flow: mini
languages: [nl]
start: dag
steps:
  - id: dag
    type: choice
    text: {nl: "Hoe was je dag?"}
    options:
      - {value: goed, label: {nl: "Goed"}}
      - {value: slecht, label: {nl: "Slecht"}}
    next: onderwerp
  - id: onderwerp
    type: competency_choice
    text: {nl: "Waarover?"}
    next: router
  - id: router
    type: branch
    branches:
      - {when: {next_topic: kwaliteiten}, next: kw}
      - {when: {next_topic: motieven}, next: mo}
      - {when: {next_topic: werkexploratie}, next: we}
      - {when: {next_topic: loopbaansturing}, next: lo}
      - {when: {next_topic: netwerken}, next: ne}
    else: actie
  - {id: kw, type: question, competency: kwaliteiten, text: {nl: "Kw?"}, next: router}
  - {id: mo, type: question, competency: motieven, text: {nl: "Mo?"}, next: router}
  - {id: we, type: question, competency: werkexploratie, text: {nl: "We?"}, next: router}
  - {id: lo, type: question, competency: loopbaansturing, text: {nl: "Lo?"}, next: router}
  - {id: ne, type: question, competency: netwerken, text: {nl: "Ne?"}, next: router}
  - id: actie
    type: action
    text: {nl: "Wat ga je doen, en wanneer?"}
    next: einde
  - {id: einde, type: summary, text: {nl: "Samengevat:"}}
"""


def problems_of(tmp_path: Path, content: Content, text: str) -> list[str]:
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidData) as caught:
        load_flows([path], content.texts)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_shipped_flows_are_valid(content: Content) -> None:
    flows = load_flows([ROOT / "dialogue_flows"], content.texts)
    assert "stagedag" in flows
    assert flows["stagedag"].flow.languages == ["nl", "en"]


def test_a_good_minimal_flow_loads(tmp_path: Path, content: Content) -> None:
    path = tmp_path / "mini.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert set(load_flows([path], content.texts)) == {"mini"}


def test_yaml_syntax_error_has_file_and_line(tmp_path: Path, content: Content) -> None:
    broken = GOOD.replace("    next: onderwerp", "    next: [onderwerp")
    [problem] = problems_of(tmp_path, content, broken)
    assert problem.startswith(f"{tmp_path / 'flow.yaml'}:")
    assert "YAML syntax error" in problem
    assert int(problem.split(":")[1]) >= line_of(broken, "next: [onderwerp")


def test_duplicate_keys_are_refused(tmp_path: Path, content: Content) -> None:
    broken = GOOD.replace("    next: onderwerp", "    next: onderwerp\n    next: router")
    [problem] = problems_of(tmp_path, content, broken)
    assert f":{line_of(broken, 'next: router')}:" in problem and "twice" in problem


def test_every_problem_is_reported_with_its_line(tmp_path: Path, content: Content) -> None:
    broken = (GOOD
              .replace("    next: onderwerp", "    nxet: onderwerp")
              .replace("type: summary", "type: samenvatting")
              .replace("competency: motieven", "competency: motivatie"))
    problems = problems_of(tmp_path, content, broken)
    assert len(problems) == 3, problems
    joined = "\n".join(problems)
    assert f":{line_of(broken, 'nxet')}: mini/dag: unknown key 'nxet'" in joined
    assert "allowed here:" in joined and "next" in joined
    assert f":{line_of(broken, 'samenvatting')}: mini/einde: unknown step type 'samenvatting'" \
        in joined
    assert "'motivatie' is not allowed for 'competency'" in joined
    assert "kwaliteiten" in joined  # says what is allowed


def test_a_word_yaml_reads_as_true_or_a_number_is_told_to_be_quoted(
        tmp_path: Path, content: Content) -> None:
    """Writing the flow's 'still hard' choice, `also: {en: [yes, ok]}` gave 'Input should be
    a valid string': a school would not know that YAML reads 'yes' as true."""
    broken = GOOD.replace('{value: goed, label: {nl: "Goed"}}',
                          '{value: goed, label: {nl: "Goed"}, also: {nl: [ja, yes, 10]}}')
    problems = "\n".join(problems_of(tmp_path, content, broken))
    assert f":{line_of(broken, 'also:')}: mini/dag:" in problems
    assert "YAML reads this word as true" in problems and 'like "yes"' in problems
    assert 'YAML reads 10 as a number' in problems and '"10"' in problems


def test_graph_rules_all_at_once(tmp_path: Path, content: Content) -> None:
    broken = (GOOD
              .replace("next: onderwerp", "next: onderwrep")  # a target that does not exist
              .replace("  - {id: ne, type: question, competency: netwerken, text: {nl: \"Ne?\"},"
                       " next: router}\n",
                       "  - {id: ne, type: question, competency: netwerken, text: {nl: \"Ne?\"},"
                       " next: router}\n  - {id: los, type: message, text: {nl: \"Hallo\"}}\n"))
    problems = problems_of(tmp_path, content, broken)
    joined = "\n".join(problems)
    assert f":{line_of(broken, 'next: onderwrep')}: mini/dag: 'onderwrep' is not a step" in joined
    assert "did you mean 'onderwerp'? use one of: dag, onderwerp" in joined
    # the typo first and alone: not buried under the unreachable steps it causes
    assert len(problems) == 1 and "did you mean" in problems[0], problems
    fixed = problems_of(tmp_path, content, broken.replace("onderwrep", "onderwerp"))
    assert ["mini/los: no path from the start leads to this step" in p for p in fixed] == [True]


def test_a_path_that_skips_the_action_is_refused(tmp_path: Path, content: Content) -> None:
    broken = GOOD.replace("    else: actie", "    else: weg") + (
        '  - {id: weg, type: message, text: {nl: "Doei"}}\n')
    problems = problems_of(tmp_path, content, broken)
    assert any("mini/weg: the conversation can end here without an action" in p
               for p in problems), problems


def test_a_flow_without_action_is_refused(tmp_path: Path, content: Content) -> None:
    broken = GOOD.replace("type: action", "type: question")
    problems = problems_of(tmp_path, content, broken)
    assert any("no step of type 'action'" in p for p in problems), problems


def test_missing_language_and_prompt_key(tmp_path: Path, content: Content) -> None:
    broken = GOOD.replace("languages: [nl]", "languages: [nl, en]").replace(
        'text: {nl: "Samengevat:"}', "prompt: bestaat.niet")
    problems = problems_of(tmp_path, content, broken)
    joined = "\n".join(problems)
    assert "mini/dag: text has no 'en' version" in joined
    assert "mini/dag: label has no 'en' version" in joined
    assert "mini/einde: prompt key 'bestaat.niet' is missing in prompts/nl/, prompts/en/" in joined


def test_unknown_placeholder(tmp_path: Path, content: Content) -> None:
    broken = GOOD.replace('"Hoe was je dag?"', '"Hoe was je dag, {voornaam}?"')
    [problem] = problems_of(tmp_path, content, broken)
    assert "unknown placeholder {voornaam}" in problem and "{action}" in problem


def test_unrouted_competency_and_wrong_branch_target(tmp_path: Path, content: Content) -> None:
    broken = GOOD.replace("      - {when: {next_topic: netwerken}, next: ne}\n", "").replace(
        "{when: {next_topic: motieven}, next: mo}", "{when: {next_topic: motieven}, next: kw}")
    problems = problems_of(tmp_path, content, broken)
    joined = "\n".join(problems)
    assert "can choose 'netwerken' but no branch" in joined
    assert "branch for topic 'motieven' must lead to a question with 'competency: motieven'" \
        in joined


def test_condition_needs_exactly_one_key(tmp_path: Path, content: Content) -> None:
    broken = GOOD.replace("{when: {next_topic: kwaliteiten}, next: kw}",
                          "{when: {}, next: kw}")
    [problem] = problems_of(tmp_path, content, broken)
    assert "mini/router" in problem and "exactly one of has_open_action" in problem


def test_missing_required_key(tmp_path: Path, content: Content) -> None:
    broken = GOOD.replace("    next: router\n  - id: router", "  - id: router")
    assert broken != GOOD
    problems = problems_of(tmp_path, content, broken)
    assert any("mini/onderwerp: missing key 'next'" in p for p in problems), problems


def test_prompt_files_must_agree_between_languages(tmp_path: Path) -> None:
    from bot.loading.prompts import load_prompts

    for lang, extra in (("nl", "alleen_nl: \"Hoi {naam}\"\n"), ("en", "")):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "messages.yaml").write_text(f"groet: \"Hoi {{naam}}\"\n{extra}")
        (tmp_path / lang / "understanding.yaml").write_text(
            "vague: [x]\nyou_choose: [y]\nenough: [z]\n")
    (tmp_path / "en" / "messages.yaml").write_text("groet: \"Hi {name}\"\n")
    with pytest.raises(InvalidData) as caught:
        load_prompts(tmp_path)
    joined = str(caught.value)
    assert "alleen_nl: this text is missing in prompts/en/messages.yaml" in joined
    assert "groet: placeholders differ between languages" in joined


def test_the_readme_example_flow_is_valid(tmp_path: Path, content: Content) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("A small example:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "kort.yaml"
    path.write_text(example, encoding="utf-8")
    assert set(load_flows([path], content.texts)) == {"kort"}


def test_listening_wordings_are_checked(tmp_path: Path, content: Content) -> None:
    text = GOOD.replace(
        '  - {id: kw, type: question, competency: kwaliteiten, text: {nl: "Kw?"}, next: router}',
        '  - id: kw\n    type: question\n    competency: kwaliteiten\n    text: {nl: "Kw?"}\n'
        '    follow_ups:\n      person:\n        nl: ["Wat wil je {persoon} vragen?"]\n'
        '      waarom:\n        nl: ["Waarom?"]\n'
        '    moment_text: {en: "Think of {moment}"}\n    next: router')
    [shape] = problems_of(tmp_path, content, text)  # the shape first: not a kind of follow-up
    assert "'waarom'" in shape and "'situation'" in shape and "'person'" in shape
    found = problems_of(tmp_path, content, text.replace(
        '      waarom:\n        nl: ["Waarom?"]\n', ""))
    assert any("unknown placeholder {persoon}" in p and "{person}" in p for p in found), found
    assert any("moment_text" in p and "nl" in p for p in found), found  # a language missing


def test_a_mood_choice_needs_a_bad_option(tmp_path: Path, content: Content) -> None:
    text = GOOD.replace("    type: choice\n    text: {nl: \"Hoe was je dag?\"}",
                        "    type: choice\n    records: mood\n    text: {nl: \"Hoe was je dag?\"}")
    found = problems_of(tmp_path, content, text)
    assert any("records the mood needs 'mood:'" in p for p in found), found
    fixed = text.replace('{value: slecht, label: {nl: "Slecht"}}',
                         '{value: slecht, label: {nl: "Slecht"}, mood: bad}')
    path = tmp_path / "flow.yaml"
    path.write_text(fixed, encoding="utf-8")
    load_flows([path], content.texts)  # no problems left


LAUGHS = "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['x'] * 9)}]\n"
                 for p, k in zip([None, *"abcdefgh"], "abcdefghi", strict=True))


@pytest.mark.parametrize(("text", "line", "says"), [
    (LAUGHS, None, "aliases (*name) that repeat each other"),
    ("flow: x\nsteps: &s [*s]\n", 2, "refers to itself"),
    ("flow: x\nsteps: " + "[" * 20_000 + "]" * 20_000 + "\n", 1, "nested far too deeply"),
    ("flow: x\nsteps: " + "[" * 60 + "]" * 60 + "\n", 2, "more than 50 levels"),
    ("flow: x\nsteps: !!python/name:os.system\n", 2, "only plain values"),
    ("flow: x\nsteps: !!python/object/apply:os.system ['true']\n", 2, "only plain values"),
])
def test_hostile_yaml_gets_a_file_and_line_not_a_crash(text: str, line: int | None,
                                                       says: str, tmp_path: Path) -> None:
    """A school file that would exhaust the machine or run code is refused at once."""
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YamlError) as refused:
        yaml_lines.load(path)
    assert says in refused.value.message and refused.value.file == str(path)
    if line is not None:
        assert refused.value.line == line


def test_a_huge_school_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "school.yaml"
    path.write_text("# " + "x" * (yaml_lines.MAX_BYTES + 10) + "\n", encoding="utf-8")
    with pytest.raises(YamlError, match="may be at most"):
        yaml_lines.load(path)


def test_steps_that_go_round_without_asking_are_refused(tmp_path: Path,
                                                         content: Content) -> None:
    """A branch and a message that lead to each other would spin for ever at run time."""
    looping = GOOD.replace("    else: actie", "    else: nogmaals") + (
        '  - {id: nogmaals, type: message, text: {nl: "Nog een keer"}, next: router}\n')
    problems = problems_of(tmp_path, content, looping)
    assert any("mini/router: these steps lead to each other without asking anything "
               "(router -> nogmaals -> router)" in p for p in problems), problems


def test_a_choice_that_only_leads_back_to_itself_is_refused(tmp_path: Path,
                                                            content: Content) -> None:
    stuck = GOOD.replace('      - {value: goed, label: {nl: "Goed"}}\n'
                         '      - {value: slecht, label: {nl: "Slecht"}}\n    next: onderwerp',
                         '      - {value: goed, label: {nl: "Goed"}, next: dag}\n'
                         '      - {value: slecht, label: {nl: "Slecht"}, next: dag}')
    problems = problems_of(tmp_path, content, stuck)
    assert any("mini/dag: every option leads back to this same question" in p
               for p in problems), problems


def test_a_question_in_a_loop_is_fine(tmp_path: Path, content: Content) -> None:
    """The shipped pattern: the router sends the student to a question and back."""
    path = tmp_path / "flow.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert "mini" in load_flows([path], content.texts)


def test_school_validate_refuses_a_billion_laughs_at_once(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    school = tmp_path / "school"
    shutil.copytree(ROOT / "school", school)
    (school / "school.yaml").write_text(LAUGHS, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bot", "school", "validate", str(school)],
                          cwd=ROOT, capture_output=True, timeout=60,
                          env={**os.environ, "LOOPBAANBOT_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 1
    assert f"{school / 'school.yaml'}:1:".encode() in done.stdout + done.stderr
    assert b"aliases (*name) that repeat each other" in done.stdout + done.stderr


def test_a_question_before_the_topic_choice_may_not_carry_a_topic(tmp_path: Path,
                                                                   content: Content) -> None:
    """Tagging it made 'kwaliteiten' count as talked about: a student who then chose it went
    straight to the action (tried in the console before this rule)."""
    text = GOOD.replace("    next: onderwerp\n", "    next: moment\n  - {id: moment, type: "
                        "question, competency: kwaliteiten, text: {nl: \"Wat gebeurde er?\"}, "
                        "next: onderwerp}\n", 1)
    [problem] = problems_of(tmp_path, content, text)
    assert problem.startswith(f"{tmp_path / 'flow.yaml'}:{line_of(text, 'id: moment')}: "
                              "mini/moment: 'moment' comes before the topic choice 'onderwerp' "
                              "and is tagged 'kwaliteiten'")
    # the topics' own questions, after the choice, keep their tags
    assert set(load_flows([_write(tmp_path, GOOD)], content.texts)) == {"mini"}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    return path
