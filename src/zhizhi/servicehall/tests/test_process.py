"""The BPMN engine wrapper: the built-in approval processes, dump/load, and the refusal of unsafe definitions."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from SpiffWorkflow.util.task import TaskState

from zhizhi.core.errors import ApplicationError
from zhizhi.servicehall import process
from zhizhi.servicehall.process import (
    ProcessError,
    ProcessRun,
    ReadyTask,
    _ExpressionEngine,
    default_definition,
    definition_validate,
)

FIXTURES = Path(__file__).parent / "fixtures"
STANDARD = default_definition("standard")
JOINT = default_definition("joint_review")


def _reload(run: ProcessRun, xml: str = STANDARD) -> ProcessRun:
    """The run as the next request sees it: dumped to the database column and loaded again."""
    return ProcessRun.load(bpmn_xml=xml, state=run.dump())


def _only_ready(run: ProcessRun) -> ReadyTask:
    tasks = run.ready_tasks()
    assert len(tasks) == 1, tasks
    return tasks[0]


def _step(run: ProcessRun, *, spec: str, outcome: str, xml: str = STANDARD) -> ProcessRun:
    """Complete the one ready task, which must be `spec`, and reload the run."""
    task = _only_ready(run)
    assert task.spec == spec
    run.complete(task_id=task.id, outcome=outcome, data={"opinion": f"{spec}:{outcome}"})
    return _reload(run, xml)


def _standard_with(old: str, new: str) -> str:
    assert old in STANDARD
    return STANDARD.replace(old, new)


def _refusal(bpmn_xml: str | bytes) -> ProcessError:
    with pytest.raises(ProcessError) as caught:
        definition_validate(bpmn_xml)
    return caught.value


# -- the built-in definitions --------------------------------------------------------------------------------------


def test_standard_definition_describes_its_tasks_roles_and_outcomes():
    info = definition_validate(STANDARD)

    assert (info.process_id, info.name) == ("standard", "标准审批流程")
    assert [(t.name, t.label, t.role, t.outcomes) for t in info.user_tasks] == [
        ("accept", "受理", "window_clerk", ("accept", "correction", "refuse")),
        ("correct", "补正", "applicant", ("done",)),
        ("review", "审查", "reviewer", ("pass", "return")),
        ("decide", "决定", "department_head", ("approve", "deny", "return")),
    ]
    assert len(info.digest) == 64


def test_joint_review_definition_has_a_multi_instance_review_with_declared_outcomes():
    info = definition_validate(JOINT)

    assert info.name == "并联审批流程"
    # BPMN ids are unique in a document, so the process cannot share the id "joint_review" with its task
    assert info.process_id == "joint_review_process"
    tasks = {t.name: t for t in info.user_tasks}
    assert tasks["joint_review"].role == "reviewer"
    assert tasks["joint_review"].outcomes == ("agree", "object")
    assert tasks["decide"].outcomes == ("approve", "deny", "return")


def test_default_definition_of_an_unknown_key_is_a_key_error():
    with pytest.raises(KeyError):
        default_definition("../../settings")


# -- the standard process ------------------------------------------------------------------------------------------


def test_standard_happy_path_ends_approved():
    # given
    run = _reload(ProcessRun.start(bpmn_xml=STANDARD, data={"applicant": "张三"}))
    accept = _only_ready(run)
    assert (accept.spec, accept.label, accept.role, accept.department) == ("accept", "受理", "window_clerk", None)
    assert not run.is_completed
    assert run.end_event is None

    # when
    run = _step(run, spec="accept", outcome="accept")
    assert _only_ready(run).role == "reviewer"
    run = _step(run, spec="review", outcome="pass")
    assert _only_ready(run).role == "department_head"
    run = _step(run, spec="decide", outcome="approve")

    # then
    assert run.is_completed
    assert run.end_event == "approved"
    assert run.ready_tasks() == []
    assert run.data["applicant"] == "张三"
    assert run.data["outcome"] == "approve"


def test_correction_goes_to_the_applicant_and_back_to_acceptance():
    # given
    run = ProcessRun.start(bpmn_xml=STANDARD, data={})

    # when
    run = _step(run, spec="accept", outcome="correction")

    # then
    correct = _only_ready(run)
    assert (correct.spec, correct.label, correct.role, correct.outcomes) == ("correct", "补正", "applicant", ("done",))

    # when the applicant hands in the missing papers
    run = _step(run, spec="correct", outcome="done")

    # then the window clerk accepts again
    accept = _only_ready(run)
    assert accept.spec == "accept"
    assert accept.id != correct.id
    run = _step(run, spec="accept", outcome="accept")
    assert _only_ready(run).spec == "review"


def test_refusal_at_acceptance_ends_at_refused():
    run = _step(ProcessRun.start(bpmn_xml=STANDARD, data={}), spec="accept", outcome="refuse")

    assert run.is_completed
    assert run.end_event == "refused"
    assert run.ready_tasks() == []


def test_denial_ends_at_denied():
    run = ProcessRun.start(bpmn_xml=STANDARD, data={})
    for spec, outcome in (("accept", "accept"), ("review", "pass"), ("decide", "deny")):
        run = _step(run, spec=spec, outcome=outcome)

    assert run.end_event == "denied"


def test_return_from_decision_goes_back_to_review_and_from_review_to_acceptance():
    # given
    run = ProcessRun.start(bpmn_xml=STANDARD, data={})
    run = _step(run, spec="accept", outcome="accept")
    run = _step(run, spec="review", outcome="pass")

    # when
    run = _step(run, spec="decide", outcome="return")

    # then
    assert _only_ready(run).spec == "review"
    run = _step(run, spec="review", outcome="return")
    assert _only_ready(run).spec == "accept"
    for spec, outcome in (("accept", "accept"), ("review", "pass"), ("decide", "approve")):
        run = _step(run, spec=spec, outcome=outcome)
    assert run.end_event == "approved"


def test_an_outcome_passed_in_data_does_not_override_the_outcome():
    run = ProcessRun.start(bpmn_xml=STANDARD, data={"outcome": "refuse"})
    accept = _only_ready(run)

    run.complete(task_id=accept.id, outcome="accept", data={"outcome": "refuse"})

    assert _only_ready(run).spec == "review"


def _with_declared_review_outcomes(*names: str) -> str:
    """The standard process with review's outcomes declared and its return flow taken on anything but "pass"."""
    declared = "".join(f'<zhizhi:outcome name="{name}" />' for name in names)
    xml = _standard_with('xmlns:xsi="', 'xmlns:zhizhi="urn:zhizhi:bpmn" xmlns:xsi="')
    xml = xml.replace(
        '<bpmn:userTask id="review" name="审查">',
        f'<bpmn:userTask id="review" name="审查"><bpmn:extensionElements>{declared}</bpmn:extensionElements>',
    )
    return xml.replace(
        'outcome == "return"</bpmn:conditionExpression>', 'outcome != "pass"</bpmn:conditionExpression>', 1
    )


def test_declared_outcomes_may_add_to_what_the_gateway_compares():
    # given review may also ask for a site inspection, which the gateway's `!=` flow sends back to acceptance
    xml = _with_declared_review_outcomes("pass", "return", "inspect")
    assert {t.name: t.outcomes for t in definition_validate(xml).user_tasks}["review"] == ("pass", "return", "inspect")
    run = ProcessRun.start(bpmn_xml=xml, data={})
    run = _step(run, spec="accept", outcome="accept", xml=xml)

    # when
    run = _step(run, spec="review", outcome="inspect", xml=xml)

    # then
    assert _only_ready(run).spec == "accept"


def test_declared_outcomes_must_cover_what_the_gateway_compares():
    assert _refusal(_with_declared_review_outcomes("return")).code == "bad_outcome"


def test_a_process_saved_as_not_executable_still_runs():
    xml = _standard_with('isExecutable="true"', 'isExecutable="false"')

    run = ProcessRun.start(bpmn_xml=xml, data={})

    assert _only_ready(run).spec == "accept"


# -- completing tasks ----------------------------------------------------------------------------------------------


def test_an_outcome_the_task_does_not_offer_is_refused_and_changes_nothing():
    # given
    run = ProcessRun.start(bpmn_xml=STANDARD, data={})
    accept = _only_ready(run)

    # when
    with pytest.raises(ProcessError) as caught:
        run.complete(task_id=accept.id, outcome="approve")

    # then
    assert caught.value.code == "bad_outcome"
    assert caught.value.extra["outcomes"] == ["accept", "correction", "refuse"]
    assert _only_ready(run) == accept


def test_completing_a_task_twice_is_refused():
    # given
    run = ProcessRun.start(bpmn_xml=STANDARD, data={})
    accept = _only_ready(run)
    run.complete(task_id=accept.id, outcome="accept")
    run = _reload(run)

    # when
    with pytest.raises(ProcessError) as caught:
        run.complete(task_id=accept.id, outcome="accept")

    # then
    assert caught.value.code == "task_not_ready"
    assert _only_ready(run).spec == "review"


@pytest.mark.parametrize("task_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_task_id_is_refused(task_id):
    run = ProcessRun.start(bpmn_xml=STANDARD, data={})

    with pytest.raises(ProcessError) as caught:
        run.complete(task_id=task_id, outcome="accept")

    assert caught.value.code == "unknown_task"


def test_a_task_that_is_only_predicted_is_not_ready():
    # given the decision task exists in the predicted tree before review is done
    run = ProcessRun.start(bpmn_xml=STANDARD, data={})
    run = _step(run, spec="accept", outcome="accept")
    state = json.loads(run.dump())
    predicted = [
        task_id
        for task_id, task in state["workflow"]["tasks"].items()
        if task["task_spec"] == "decide" and task["state"] != TaskState.READY
    ]
    assert predicted

    # when
    with pytest.raises(ProcessError) as caught:
        run.complete(task_id=predicted[0], outcome="approve")

    # then
    assert caught.value.code == "task_not_ready"


def test_process_error_is_an_application_error_with_its_code_in_extra():
    run = ProcessRun.start(bpmn_xml=STANDARD, data={})

    with pytest.raises(ApplicationError) as caught:
        run.complete(task_id=_only_ready(run).id, outcome="nonsense")

    assert caught.value.extra["code"] == "bad_outcome"
    assert caught.value.status == 422


# -- the joint review ----------------------------------------------------------------------------------------------


def test_joint_review_runs_one_task_per_department_in_parallel_before_the_decision():
    # given
    run = ProcessRun.start(bpmn_xml=JOINT, data={"review_departments": ["A", "B"]})
    run = _step(run, spec="accept", outcome="accept", xml=JOINT)

    # when
    reviews = run.ready_tasks()

    # then both departments review at once
    assert [(t.spec, t.label, t.role, t.department) for t in reviews] == [
        ("joint_review", "联合审查", "reviewer", "A"),
        ("joint_review", "联合审查", "reviewer", "B"),
    ]
    assert all(t.outcomes == ("agree", "object") for t in reviews)

    # when A agrees, the decision is not ready yet
    run.complete(task_id=reviews[0].id, outcome="agree", data={"opinion": "同意"})
    run = _reload(run, JOINT)
    assert [t.department for t in run.ready_tasks()] == ["B"]

    # when B objects, the decision is
    run.complete(task_id=reviews[1].id, outcome="object", data={"opinion": "消防条件不足"})
    run = _reload(run, JOINT)
    decide = _only_ready(run)
    assert (decide.spec, decide.role) == ("decide", "department_head")
    assert run.data["review_opinions"] == [
        {"department": "A", "outcome": "agree", "opinion": "同意"},
        {"department": "B", "outcome": "object", "opinion": "消防条件不足"},
    ]

    run = _step(run, spec="decide", outcome="approve", xml=JOINT)
    assert run.end_event == "approved"


def test_joint_review_returned_by_the_decision_runs_every_department_again():
    # given
    run = ProcessRun.start(bpmn_xml=JOINT, data={"review_departments": ["A", "B", "C"]})
    run = _step(run, spec="accept", outcome="accept", xml=JOINT)
    for review in run.ready_tasks():
        run.complete(task_id=review.id, outcome="agree")

    # when
    run = _step(run, spec="decide", outcome="return", xml=JOINT)

    # then
    assert [(t.spec, t.department) for t in run.ready_tasks()] == [
        ("joint_review", "A"),
        ("joint_review", "B"),
        ("joint_review", "C"),
    ]
    for review in run.ready_tasks():
        run.complete(task_id=review.id, outcome="object")
        run = _reload(run, JOINT)
    assert [o["outcome"] for o in run.data["review_opinions"]] == ["object", "object", "object"]
    run = _step(run, spec="decide", outcome="deny", xml=JOINT)
    assert run.end_event == "denied"


def test_joint_review_without_its_department_list_cannot_go_on():
    run = ProcessRun.start(bpmn_xml=JOINT, data={})

    with pytest.raises(ProcessError) as caught:
        run.complete(task_id=_only_ready(run).id, outcome="accept")

    assert caught.value.code == "engine_error"
    assert caught.value.extra["variable"] == "review_departments"


# -- dump and load -------------------------------------------------------------------------------------------------


def test_dump_leaves_the_spec_out_and_names_its_definition():
    run = ProcessRun.start(bpmn_xml=STANDARD, data={"applicant": "张三"})

    state = json.loads(run.dump())

    assert state["digest"] == definition_validate(STANDARD).digest
    assert "spec" not in state["workflow"]
    assert "张三" in run.dump()


def test_a_state_loaded_with_another_definition_is_refused():
    state = ProcessRun.start(bpmn_xml=STANDARD, data={}).dump()

    with pytest.raises(ValueError, match="belongs to definition"):
        ProcessRun.load(bpmn_xml=JOINT, state=state)


def test_loading_a_run_takes_the_parsed_definition_from_the_cache(monkeypatch):
    # given
    state = ProcessRun.start(bpmn_xml=STANDARD, data={}).dump()

    def parse_again(**kwargs):
        raise AssertionError("the definition was parsed again")

    monkeypatch.setattr(process, "_definition_compile", parse_again)

    # when
    run = ProcessRun.load(bpmn_xml=STANDARD, state=state)

    # then
    assert _only_ready(run).spec == "accept"


# -- refused definitions -------------------------------------------------------------------------------------------


def test_malformed_xml_is_refused():
    error = _refusal(STANDARD[: len(STANDARD) // 2])

    assert error.code == "malformed_xml"
    assert "XML" in error.message


def test_xml_that_is_not_bpmn_is_refused():
    assert _refusal('<?xml version="1.0"?><html><body>流程</body></html>').code == "not_bpmn"


def test_bpmn_without_a_process_is_refused():
    xml = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"/>'

    assert _refusal(xml).code == "no_process"


def test_a_script_task_is_refused():
    error = _refusal((FIXTURES / "script_task.bpmn").read_bytes())

    assert error.code == "script_task_forbidden"
    assert "自动处理" in error.message


def test_a_spiff_pre_script_is_refused():
    assert _refusal((FIXTURES / "pre_script.bpmn").read_bytes()).code == "script_forbidden"


@pytest.mark.parametrize("fixture", ["billion_laughs.bpmn", "external_entity.bpmn"])
def test_doctype_and_entities_are_refused(fixture):
    text = (FIXTURES / fixture).read_text(encoding="utf-8")

    assert _refusal(text).code == "malformed_xml"
    # in UTF-16 the DOCTYPE is invisible to a byte search; the parser still refuses to expand the entities
    utf16 = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert _refusal(utf16).code == "malformed_xml"


def test_a_definition_over_one_megabyte_is_refused():
    padding = "<bpmn:documentation>" + "说明" * 200_000 + "</bpmn:documentation>"
    xml = _standard_with('<bpmn:laneSet id="standard_lanes">', padding + '<bpmn:laneSet id="standard_lanes">')

    assert _refusal(xml).code == "too_large"


@pytest.mark.parametrize(
    "condition",
    [
        '__import__("os").system("true")',
        'open("/etc/passwd") == "x"',
        "outcome.__class__ == 1",
        "application.status == 1",
        "[x for x in outcome] == 1",
        "__builtins__ == 1",
        'outcome == f"{outcome}"',
        "lambda: 1",
        "outcome ==",
    ],
)
def test_a_condition_outside_the_safe_language_is_refused(condition):
    xml = _standard_with('outcome == "refuse"', condition.replace("<", "&lt;"))

    error = _refusal(xml)

    assert error.code == "bad_expression"
    assert error.extra["expression"] == condition


def test_a_gateway_deciding_on_a_stale_outcome_is_refused():
    # given a gateway that tests `outcome` right after the start event, where no user has chosen one yet
    xml = _standard_with(
        '<bpmn:sequenceFlow id="flow_start_accept" sourceRef="start" targetRef="accept" />',
        '<bpmn:sequenceFlow id="flow_start_accept" sourceRef="start" targetRef="accept_gateway" />',
    )

    assert _refusal(xml).code == "bad_expression"


def test_a_user_task_outside_every_lane_is_refused():
    error = _refusal(_standard_with("<bpmn:flowNodeRef>correct</bpmn:flowNodeRef>", ""))

    assert error.code == "user_task_without_role"
    assert "补正" in error.message


def test_a_lane_that_is_not_a_role_is_refused():
    error = _refusal(_standard_with('<bpmn:lane id="reviewer" name="审查人员">', '<bpmn:lane id="lane_3" name="科员">'))

    assert error.code == "unknown_role"
    assert "科员" in error.message


def test_a_lane_named_after_a_role_needs_no_matching_id():
    info = definition_validate(
        _standard_with('<bpmn:lane id="reviewer" name="审查人员">', '<bpmn:lane id="l3" name="reviewer">')
    )

    assert {t.name: t.role for t in info.user_tasks}["review"] == "reviewer"


@pytest.mark.parametrize(
    "replacements",
    [
        [
            ('<bpmn:userTask id="decide" name="决定">', '<bpmn:serviceTask id="decide" name="决定">'),
            (
                "flow_decide_gateway</bpmn:outgoing>\n    </bpmn:userTask>",
                "flow_decide_gateway</bpmn:outgoing></bpmn:serviceTask>",
            ),
        ],
        [("<bpmn:outgoing>flow_start_accept</bpmn:outgoing>", "<bpmn:timerEventDefinition />")],
        [("<bpmn:laneSet", '<bpmn:dataObject id="secret" /><bpmn:laneSet')],
        [('<bpmn:lane id="applicant" name="申请人">', '<bpmn:lane id="applicant" name="申请人"><bpmn:childLaneSet />')],
    ],
    ids=["service_task", "timer_event", "data_object", "nested_lanes"],
)
def test_elements_outside_the_safe_subset_are_refused(replacements):
    xml = STANDARD
    for old, new in replacements:
        assert old in xml
        xml = xml.replace(old, new)

    assert _refusal(xml).code == "unsupported_element"


def test_a_loop_through_gateways_alone_is_refused():
    # given refusal at acceptance leads back into the acceptance gateway, with no one to stop the loop
    xml = _standard_with(
        'sourceRef="accept_gateway" targetRef="refused"', 'sourceRef="accept_gateway" targetRef="accept_gateway"'
    )

    error = _refusal(xml)

    assert error.code == "unsupported_element"
    assert "是否受理" in error.message


# -- the expression engine -----------------------------------------------------------------------------------------


def test_the_expression_engine_evaluates_comparisons_on_task_data():
    engine = _ExpressionEngine()
    expression = 'outcome == "accept" and count >= 2'

    assert engine.evaluate(SimpleNamespace(data={"outcome": "accept", "count": 2}), expression) is True
    assert engine.evaluate(SimpleNamespace(data={"outcome": "accept", "count": 1}), expression) is False
    assert engine.evaluate(SimpleNamespace(data={"outcome": "refuse", "count": 5}), expression) is False
    # a missing name is None, and comparing None with a number is false rather than an error
    assert engine.evaluate(SimpleNamespace(data={"outcome": "accept"}), expression) is False
    data = {"outcome": "pass", "form": {"area": 120}}
    assert engine.evaluate(SimpleNamespace(data=data), 'outcome in ["pass", "agree"] and form["area"] > 100')


def test_the_expression_engine_never_calls_or_executes():
    engine = _ExpressionEngine()
    task = SimpleNamespace(data={"outcome": "accept"})

    with pytest.raises(ProcessError) as caught:
        engine.evaluate(task, '__import__("os").system("true")')
    assert caught.value.code == "bad_expression"
    with pytest.raises(ProcessError) as caught:
        engine.execute(task, 'import os; os.system("true")')
    assert caught.value.code == "script_forbidden"
