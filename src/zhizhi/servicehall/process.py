"""The BPMN engine of the service hall: approval processes run by SpiffWorkflow, with nothing uploaded ever executed.

A definition is BPMN 2.0 XML. Only a safe subset is accepted (start and end events, user and manual tasks, exclusive,
parallel and inclusive gateways, sequence flows, lanes, parallel multi-instance user tasks, documentation, diagram
layout); script tasks, pre/post scripts and every other construct are refused at upload. Gateway conditions and the
other expressions SpiffWorkflow evaluates go through `_ExpressionEngine`, which walks a whitelisted Python `ast`
(names from task data, constants, comparisons, and/or/not, `x["key"]`) and never calls `eval` or `exec`.

Roles come from lanes (`ROLES`). The outcomes of a user task are the strings the gateway right after it compares
`outcome` with, unless the task declares them with `<zhizhi:outcome name="..."/>` extension elements (a superset of
those strings, for `!=` or default flows; multi-instance tasks, which no gateway follows per instance, need them); a
task with neither has the single outcome "done". A gateway testing `outcome` must follow single-instance user tasks
directly, so the outcome it tests is always the one just chosen, never a stale one from an earlier task.

Parsed specs are cached by the SHA-256 of the XML, so `ProcessRun.load` costs no parsing, and `ProcessRun.dump`
leaves the spec out of the state: a dump holds the task tree, the task data and the digest of its definition.

ProcessError (an `ApplicationError`, so the API answers it in the one error shape; `code` is also in `extra`)
├── definition codes     malformed_xml, not_bpmn, no_process, too_large, script_task_forbidden, script_forbidden,
│                        unsupported_element, user_task_without_role, unknown_role, bad_expression, bad_outcome
├── completion codes     unknown_task, task_not_ready, bad_outcome
└── engine_error         the process cannot go on with its data (a missing multi-instance list, no path matched)
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import threading
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.parser.event_parsers import EndEventParser, StartEventParser
from SpiffWorkflow.bpmn.parser.task_parsers import (
    ConditionalGatewayParser,
    GatewayParser,
)
from SpiffWorkflow.bpmn.parser.TaskParser import TaskParser
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import (
    BasePythonScriptEngineEnvironment,
)
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnWorkflowConverter,
    WorkflowConverter,
)
from SpiffWorkflow.bpmn.specs.defaults import (
    EndEvent,
    ExclusiveGateway,
    InclusiveGateway,
    ManualTask,
    ParallelGateway,
    ParallelMultiInstanceTask,
    StartEvent,
    UserTask,
)
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from zhizhi.core.errors import ApplicationError

ROLES = ("window_clerk", "reviewer", "department_head", "applicant")
DEFINITION_MAX_BYTES = 1024 * 1024
EXPRESSION_MAX_CHARS = 1000
OUTCOME_DONE = "done"

_BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_ZHIZHI = "urn:zhizhi:bpmn"
_DIAGRAM_NAMESPACES = frozenset(
    {
        "http://www.omg.org/spec/BPMN/20100524/DI",
        "http://www.omg.org/spec/DD/20100524/DC",
        "http://www.omg.org/spec/DD/20100524/DI",
    }
)
_HUMAN_TASKS = frozenset({"userTask", "manualTask"})
_CONDITIONAL_GATEWAYS = frozenset({"exclusiveGateway", "inclusiveGateway"})
_FLOW_NODES = frozenset({"startEvent", "endEvent", "parallelGateway"} | _HUMAN_TASKS | _CONDITIONAL_GATEWAYS)
# Each accepted BPMN element, with the elements it may sit in (None: anywhere a BPMN element may).
_BPMN_ELEMENTS: dict[str, frozenset[str] | None] = {
    "definitions": frozenset(),
    "process": frozenset({"definitions"}),
    "collaboration": frozenset({"definitions"}),
    "participant": frozenset({"collaboration"}),
    "laneSet": frozenset({"process"}),
    "lane": frozenset({"laneSet"}),
    "flowNodeRef": frozenset({"lane"}),
    **dict.fromkeys(_FLOW_NODES, frozenset({"process"})),
    "sequenceFlow": frozenset({"process"}),
    "conditionExpression": frozenset({"sequenceFlow"}),
    "incoming": frozenset(_FLOW_NODES),
    "outgoing": frozenset(_FLOW_NODES),
    "multiInstanceLoopCharacteristics": frozenset(_HUMAN_TASKS),
    "loopDataInputRef": frozenset({"multiInstanceLoopCharacteristics"}),
    "loopDataOutputRef": frozenset({"multiInstanceLoopCharacteristics"}),
    "inputDataItem": frozenset({"multiInstanceLoopCharacteristics"}),
    "outputDataItem": frozenset({"multiInstanceLoopCharacteristics"}),
    "completionCondition": frozenset({"multiInstanceLoopCharacteristics"}),
    "textAnnotation": frozenset({"process", "collaboration"}),
    "text": frozenset({"textAnnotation"}),
    "association": frozenset({"process", "collaboration"}),
    "documentation": None,
    "extensionElements": None,
}

_PROCESSES_DIR = Path(__file__).parent / "processes"
_STATUS_BY_CODE = {"too_large": 413, "unknown_task": 404, "task_not_ready": 409, "engine_error": 409}


class ProcessError(ApplicationError):
    """A BPMN definition or a task completion that cannot be accepted; `message` is Chinese for the user."""

    def __init__(self, message: str, *, code: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message, extra={"code": code, **(extra or {})})
        self.code = code
        self.status = _STATUS_BY_CODE.get(code, 422)


@dataclass(frozen=True)
class TaskSpecInfo:
    """A user task of a definition: its BPMN id, its label, the role that works on it and the outcomes it allows."""

    name: str
    label: str
    role: str
    outcomes: tuple[str, ...]


@dataclass(frozen=True)
class DefinitionInfo:
    """What an accepted definition holds: the process, its user tasks and the SHA-256 of its XML."""

    process_id: str
    name: str
    user_tasks: tuple[TaskSpecInfo, ...]
    digest: str
    end_events: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadyTask:
    """A user task waiting for a person; `department` is the item of a multi-instance task's instance."""

    id: str
    spec: str
    label: str
    role: str
    department: str | None
    outcomes: tuple[str, ...]


# --- the safe expression language ---------------------------------------------------------------------------------

_COMPARE_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)


def _expression_refuse(expression: str, reason: str) -> ProcessError:
    """The error for an expression outside the safe language."""
    return ProcessError(
        f"条件表达式“{expression[:100]}”不被接受：{reason}", code="bad_expression", extra={"expression": expression}
    )


@lru_cache(maxsize=1024)
def _expression_parse(expression: str) -> ast.Expression:
    """Parse an expression and check that every node of it is in the safe language."""
    if len(expression) > EXPRESSION_MAX_CHARS:
        raise _expression_refuse(expression, f"超过 {EXPRESSION_MAX_CHARS} 个字符")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise _expression_refuse(expression, "语法错误") from exc
    _expression_node_check(expression=expression, node=tree.body)
    return tree


def _expression_node_check(*, expression: str, node: ast.AST) -> None:
    """Refuse any node that is not a name, a constant, a comparison, a boolean operator or `name["key"]`."""
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, str | int | float | bool | type(None)):
            raise _expression_refuse(expression, "只能使用字符串、数字、布尔值和 None")
    elif isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise _expression_refuse(expression, f"变量名“{node.id}”不能以下划线开头")
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            _expression_node_check(expression=expression, node=value)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _expression_node_check(expression=expression, node=node.operand)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        if not (isinstance(node.operand, ast.Constant) and type(node.operand.value) in (int, float)):
            raise _expression_refuse(expression, "负号只能用在数字前")
    elif isinstance(node, ast.Compare):
        if not all(isinstance(op, _COMPARE_OPS) for op in node.ops):
            raise _expression_refuse(expression, "不支持的比较运算")
        for operand in (node.left, *node.comparators):
            _expression_node_check(expression=expression, node=operand)
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for element in node.elts:
            if not isinstance(element, ast.Constant):
                raise _expression_refuse(expression, "列表中只能是常量")
            _expression_node_check(expression=expression, node=element)
    elif isinstance(node, ast.Subscript):
        if not isinstance(node.value, ast.Name) or not isinstance(node.slice, ast.Constant):
            raise _expression_refuse(expression, '下标只能写成 变量["键"]')
        _expression_node_check(expression=expression, node=node.value)
        _expression_node_check(expression=expression, node=node.slice)
    elif isinstance(node, ast.Attribute):
        raise _expression_refuse(expression, "不允许访问属性")
    elif isinstance(node, ast.Call):
        raise _expression_refuse(expression, "不允许调用函数")
    else:
        raise _expression_refuse(expression, f"不支持 {type(node).__name__}")


def _expression_value(*, node: ast.AST, data: dict[str, Any]) -> Any:
    """The value of a checked expression node; a missing name is None and a comparison of unlike types is False."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return data.get(node.id)
    if isinstance(node, ast.BoolOp):
        result: Any = None
        for value in node.values:
            result = _expression_value(node=value, data=data)
            if isinstance(node.op, ast.And) and not result:
                return result
            if isinstance(node.op, ast.Or) and result:
                return result
        return result
    if isinstance(node, ast.UnaryOp):
        operand = _expression_value(node=node.operand, data=data)
        return (not operand) if isinstance(node.op, ast.Not) else -operand
    if isinstance(node, ast.Compare):
        left = _expression_value(node=node.left, data=data)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _expression_value(node=comparator, data=data)
            if not _expression_compare(op=op, left=left, right=right):
                return False
            left = right
        return True
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return tuple(_expression_value(node=element, data=data) for element in node.elts)
    if isinstance(node, ast.Subscript):
        container = _expression_value(node=node.value, data=data)
        key = _expression_value(node=node.slice, data=data)
        if isinstance(container, dict):
            return container.get(key)
        if isinstance(container, list) and isinstance(key, int) and -len(container) <= key < len(container):
            return container[key]
        return None
    raise _expression_refuse(ast.dump(node), "未经检查的表达式")


def _expression_compare(*, op: ast.cmpop, left: Any, right: Any) -> bool:
    """One comparison of the safe language, False where Python would raise TypeError."""
    try:
        if isinstance(op, ast.Eq):
            return bool(left == right)
        if isinstance(op, ast.NotEq):
            return bool(left != right)
        if isinstance(op, ast.In | ast.NotIn):
            found = isinstance(right, str | list | tuple | dict) and left in right
            return found if isinstance(op, ast.In) else not found
        if isinstance(op, ast.Lt):
            return bool(left < right)
        if isinstance(op, ast.LtE):
            return bool(left <= right)
        if isinstance(op, ast.Gt):
            return bool(left > right)
        if isinstance(op, ast.GtE):
            return bool(left >= right)
    except TypeError:
        return False
    return False


def _expression_evaluate(*, expression: str, data: dict[str, Any]) -> Any:
    """Evaluate an expression of the safe language against task data."""
    return _expression_value(node=_expression_parse(expression).body, data=data)


def _script_refuse(*args: Any, **kwargs: Any) -> Any:
    """Refuse to run a script: no code from a definition is ever executed."""
    raise ProcessError("流程定义中的脚本不会被执行", code="script_forbidden")


class _ExpressionEnvironment(BasePythonScriptEngineEnvironment):  # type: ignore[misc]
    """The environment behind `_ExpressionEngine`, for the places where SpiffWorkflow calls it directly."""

    def evaluate(self, expression: str, context: dict[str, Any], external_context: Any = None) -> Any:
        """Evaluate an expression of the safe language."""
        return _expression_evaluate(expression=expression, data=context)

    execute = _script_refuse
    call_service = _script_refuse


class _ExpressionEngine(PythonScriptEngine):  # type: ignore[misc]
    """SpiffWorkflow's script engine with `eval` replaced by the safe expression language and `exec` refused."""

    def __init__(self) -> None:
        super().__init__(environment=_ExpressionEnvironment())

    def validate(self, expression: str) -> None:
        """Refuse an expression outside the safe language."""
        _expression_parse(expression)

    def evaluate(self, task: Any, expression: str, external_context: Any = None) -> Any:
        """Evaluate an expression of the safe language against the task's data."""
        return _expression_evaluate(expression=expression, data=task.data)

    execute = _script_refuse
    call_service = _script_refuse


_ENGINE = _ExpressionEngine()


# --- the SpiffWorkflow parser, cut down to the safe subset --------------------------------------------------------


class _ParallelInstances(ParallelMultiInstanceTask):  # type: ignore[misc]
    """A parallel multi-instance task that starts each round afresh (a return from a later step runs it again)."""

    def create_children(self, my_task: Any) -> None:
        """Drop the previous round's collection and the last outcome, then create one instance per item."""
        for name in (self.data_output.bpmn_id, self.output_item.bpmn_id, "outcome"):
            my_task.data.pop(name, None)
        items = self.data_input.get(my_task)
        if not isinstance(items, list):
            raise ProcessError(
                f"流程数据中的 {self.data_input.bpmn_id} 应当是列表，“{self.bpmn_id}”才能逐项办理",
                code="engine_error",
                extra={"variable": self.data_input.bpmn_id},
            )
        super().create_children(my_task)


class _TaskParser(TaskParser):  # type: ignore[misc]
    """The user task parser, with our multi-instance class."""

    PARALLEL_MI_CLASS = _ParallelInstances


class _SafeParser(BpmnParser):  # type: ignore[misc]
    """A BPMN parser that knows only the safe subset: anything else has no parser and is refused."""

    PARSER_CLASSES = {
        full_tag("startEvent"): (StartEventParser, StartEvent),
        full_tag("endEvent"): (EndEventParser, EndEvent),
        full_tag("userTask"): (_TaskParser, UserTask),
        full_tag("manualTask"): (_TaskParser, ManualTask),
        full_tag("exclusiveGateway"): (ConditionalGatewayParser, ExclusiveGateway),
        full_tag("inclusiveGateway"): (ConditionalGatewayParser, InclusiveGateway),
        full_tag("parallelGateway"): (GatewayParser, ParallelGateway),
    }


_validator_lock = threading.Lock()


@lru_cache(maxsize=1)
def _schema_validator() -> Any:
    """SpiffWorkflow's BPMN 2.0 XML schema validator, loaded once."""
    return BpmnValidator()


# --- definitions --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _HumanTask:
    """What the engine needs to know of a user task at run time."""

    info: TaskSpecInfo
    element_variable: str | None
    output_item: str | None


@dataclass(frozen=True)
class _Definition:
    """An accepted definition: its info, the parsed spec (shared by all runs) and its user tasks by BPMN id."""

    info: DefinitionInfo
    spec: Any
    tasks: dict[str, _HumanTask]


_definitions: dict[str, _Definition] = {}
_definitions_lock = threading.Lock()
_DEFINITIONS_MAX = 256


def _xml_bytes(bpmn_xml: bytes | str) -> bytes:
    """The XML as bytes, refused when larger than `DEFINITION_MAX_BYTES`."""
    data = bpmn_xml.encode("utf-8") if isinstance(bpmn_xml, str) else bytes(bpmn_xml)
    if len(data) > DEFINITION_MAX_BYTES:
        raise ProcessError(
            f"流程定义文件超过 {DEFINITION_MAX_BYTES // 1024} KB", code="too_large", extra={"size": len(data)}
        )
    return data


def _definition(bpmn_xml: bytes | str) -> _Definition:
    """The accepted definition of this XML, from the cache or validated and parsed now."""
    data = _xml_bytes(bpmn_xml)
    digest = hashlib.sha256(data).hexdigest()
    cached = _definitions.get(digest)
    if cached is not None:
        return cached
    definition = _definition_compile(data=data, digest=digest)
    with _definitions_lock:
        if digest not in _definitions and len(_definitions) >= _DEFINITIONS_MAX:
            del _definitions[next(iter(_definitions))]
        return _definitions.setdefault(digest, definition)


def definition_validate(bpmn_xml: bytes | str) -> DefinitionInfo:
    """Check an uploaded BPMN definition against the safe subset and describe it; raises ProcessError."""
    return _definition(bpmn_xml).info


def default_definition(key: str) -> str:
    """The XML text of a built-in definition, processes/<key>.bpmn: "standard" or "joint_review"; KeyError if none."""
    path = _PROCESSES_DIR / f"{key}.bpmn"
    if not key.isidentifier() or not path.is_file():
        raise KeyError(f"no built-in process definition {key!r}")
    return path.read_text(encoding="utf-8")


def _xml_parse(data: bytes) -> Any:
    """Parse XML with no DTD, no entities and no network, refusing any DOCTYPE."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ProcessError("流程定义不能包含 DOCTYPE 或实体声明", code="malformed_xml")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ProcessError(
            f"流程定义不是格式正确的 XML（第 {exc.lineno} 行）", code="malformed_xml", extra={"detail": str(exc)}
        ) from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ProcessError("流程定义不能包含 DOCTYPE 或实体声明", code="malformed_xml")
    return root


def _local(element: Any) -> tuple[str, str]:
    """The namespace and local name of an element."""
    qname = etree.QName(element)
    return qname.namespace or "", qname.localname


def _element_label(element: Any) -> str:
    """How a person would name an element in a message: its name, or its id, or its tag."""
    return str(element.get("name") or element.get("id") or _local(element)[1])


def _is_script_name(name: str) -> bool:
    """Whether an element or attribute name announces code: script, preScript, scriptFormat, executionListener."""
    name = name.lower()
    return name.endswith("script") or name.startswith("script") or "listener" in name


def _elements_check(root: Any) -> None:
    """Refuse scripts, and any element outside the safe subset or outside its place."""
    for element in root.iter(etree.Element):
        namespace, local = _local(element)
        if namespace == _BPMN and local == "scriptTask":
            raise ProcessError(
                f"流程定义不能包含脚本任务（“{_element_label(element)}”）",
                code="script_task_forbidden",
                extra={"element": element.get("id")},
            )
        names = [local] + [etree.QName(attribute).localname for attribute in element.attrib]
        if any(_is_script_name(name) for name in names):
            raise ProcessError(
                f"流程定义不能包含脚本（{local}）", code="script_forbidden", extra={"element": element.get("id")}
            )
    for element in root.iter(etree.Element):
        namespace, local = _local(element)
        parent = element.getparent()
        parent_namespace, parent_local = _local(parent) if parent is not None else ("", "")
        if namespace in _DIAGRAM_NAMESPACES:
            continue
        if namespace == _ZHIZHI and local == "outcome" and parent_local == "extensionElements":
            if _local(parent.getparent())[1] not in _HUMAN_TASKS:
                raise ProcessError("zhizhi:outcome 只能用在用户任务上", code="unsupported_element")
            continue
        places = _BPMN_ELEMENTS.get(local, frozenset()) if namespace == _BPMN else frozenset()
        allowed = namespace == _BPMN and local in _BPMN_ELEMENTS
        if allowed and places is not None and parent is not None:
            allowed = parent_namespace == _BPMN and parent_local in places
        if not allowed:
            raise ProcessError(
                f"流程定义包含不支持的元素 {local}（“{_element_label(element)}”）",
                code="unsupported_element",
                extra={"element": local, "id": element.get("id")},
            )


def _definition_compile(*, data: bytes, digest: str) -> _Definition:
    """Validate a definition and parse it into a SpiffWorkflow spec."""
    root = _xml_parse(data)
    if _local(root) != (_BPMN, "definitions"):
        raise ProcessError("上传的文件不是 BPMN 2.0 流程定义", code="not_bpmn", extra={"root": str(root.tag)})
    processes = root.findall(f"{{{_BPMN}}}process")
    if not processes:
        raise ProcessError("流程定义中没有流程（process）", code="no_process")
    _elements_check(root)
    if len(processes) > 1:
        raise ProcessError("一个流程定义文件只能包含一个流程", code="unsupported_element")
    with _validator_lock:
        try:
            _schema_validator().validate(root)
        except ValidationException as exc:
            raise ProcessError(
                f"流程定义不符合 BPMN 2.0 规范（第 {exc.line_number} 行）",
                code="not_bpmn",
                extra={"detail": str(exc), "line": exc.line_number},
            ) from exc
    process = processes[0]
    if not process.get("id"):
        raise ProcessError("流程（process）缺少 id", code="not_bpmn")
    tasks = _process_check(process)
    # Modelers save new diagrams as not executable; an uploaded approval process is meant to run.
    process.set("isExecutable", "true")
    parser = _SafeParser()
    try:
        parser.add_bpmn_xml(root)
        spec = parser.get_spec(process.get("id"))
    except ValidationException as exc:
        raise ProcessError(
            f"流程定义无法解析（{exc.tag or '流程'} “{exc.name or exc.id or process.get('id')}”）",
            code="not_bpmn",
            extra={"detail": str(exc), "element": exc.id},
        ) from exc
    _spec_prepare(spec)
    info = DefinitionInfo(
        process_id=str(process.get("id")),
        name=str(process.get("name") or process.get("id")),
        user_tasks=tuple(task.info for task in tasks.values()),
        digest=digest,
        end_events=tuple(str(e.get("id")) for e in process.iter(f"{{{_BPMN}}}endEvent")),
    )
    return _Definition(info=info, spec=spec, tasks=tasks)


def _spec_prepare(spec: Any) -> None:
    """Make the shared spec safe to use from many runs and threads at once."""
    for task_spec in spec.task_specs.values():
        if isinstance(task_spec, ParallelMultiInstanceTask):
            child = spec.task_specs[task_spec.task_spec]
            # SpiffWorkflow connects this on first use (check-then-connect, racy between threads): do it now.
            if not child.completed_event.is_connected(task_spec.merge_child):
                child.completed_event.connect(task_spec.merge_child)


def _process_check(process: Any) -> dict[str, _HumanTask]:
    """Check the flow of the one process: roles from lanes, safe expressions, outcomes; return its user tasks."""
    nodes = {
        str(node.get("id")): node
        for node in process
        if _local(node)[0] == _BPMN and _local(node)[1] in _FLOW_NODES | {"sequenceFlow"}
    }
    flows = [node for node in nodes.values() if _local(node)[1] == "sequenceFlow"]
    outgoing: dict[str, list[Any]] = {}
    incoming: dict[str, list[Any]] = {}
    for flow in flows:
        outgoing.setdefault(str(flow.get("sourceRef")), []).append(flow)
        incoming.setdefault(str(flow.get("targetRef")), []).append(flow)
        condition = flow.find(f"{{{_BPMN}}}conditionExpression")
        if condition is None:
            continue
        source = nodes.get(str(flow.get("sourceRef")))
        if source is None or _local(source)[1] not in _CONDITIONAL_GATEWAYS:
            raise ProcessError(
                f"连线“{_element_label(flow)}”的条件只能写在排他网关或包容网关之后", code="bad_expression"
            )
        if not (condition.text or "").strip():
            raise ProcessError(f"连线“{_element_label(flow)}”的条件是空的", code="bad_expression")
        _expression_parse(condition.text)
    if len([node for node in nodes.values() if _local(node)[1] == "startEvent"]) != 1:
        raise ProcessError("流程必须有且只有一个开始事件", code="unsupported_element")
    _engine_loop_check(nodes=nodes, outgoing=outgoing)
    roles = _lane_roles(process)
    tasks: dict[str, _HumanTask] = {}
    for node_id, node in nodes.items():
        kind = _local(node)[1]
        if kind in _CONDITIONAL_GATEWAYS:
            _gateway_check(gateway=node, nodes=nodes, incoming=incoming.get(node_id, []))
        if kind not in _HUMAN_TASKS:
            continue
        if node_id not in roles:
            raise ProcessError(
                f"用户任务“{_element_label(node)}”不在任何泳道中，无法确定由谁办理",
                code="user_task_without_role",
                extra={"task": node_id},
            )
        if len(outgoing.get(node_id, [])) > 1:
            raise ProcessError(
                f"用户任务“{_element_label(node)}”只能有一条流出连线，分支请用网关",
                code="unsupported_element",
                extra={"task": node_id},
            )
        tasks[node_id] = _human_task(task=node, role=roles[node_id], nodes=nodes, outgoing=outgoing)
    return tasks


def _engine_loop_check(*, nodes: dict[str, Any], outgoing: dict[str, list[Any]]) -> None:
    """Refuse a cycle that passes no user task: the engine would run it for ever without waiting for anyone."""
    automatic = {node_id for node_id, node in nodes.items() if _local(node)[1] not in _HUMAN_TASKS | {"sequenceFlow"}}
    successors = {node_id: [str(flow.get("targetRef")) for flow in outgoing.get(node_id, [])] for node_id in automatic}
    finished: set[str] = set()
    for first in automatic:
        if first in finished:
            continue
        path, stack = {first}, [(first, iter(successors[first]))]
        while stack:
            node_id, following = stack[-1]
            target = next(following, None)
            if target is None:
                stack.pop()
                path.discard(node_id)
                finished.add(node_id)
            elif target in path:
                raise ProcessError(
                    f"“{_element_label(nodes[target])}”处的循环不经过任何用户任务，流程会空转",
                    code="unsupported_element",
                    extra={"element": target},
                )
            elif target in automatic and target not in finished:
                path.add(target)
                stack.append((target, iter(successors[target])))


def _lane_roles(process: Any) -> dict[str, str]:
    """The role of each flow node, from the name (or else the id) of the lane it sits in."""
    roles: dict[str, str] = {}
    for lane in process.iter(f"{{{_BPMN}}}lane"):
        role = next((value for value in (lane.get("name"), lane.get("id")) if value in ROLES), None)
        if role is None:
            raise ProcessError(
                f"泳道“{_element_label(lane)}”不是已知的角色；泳道名称或 id 应为 {'、'.join(ROLES)} 之一",
                code="unknown_role",
                extra={"lane": lane.get("id"), "roles": list(ROLES)},
            )
        for ref in lane.iter(f"{{{_BPMN}}}flowNodeRef"):
            node_id = (ref.text or "").strip()
            if roles.setdefault(node_id, role) != role:
                raise ProcessError(
                    f"“{node_id}”同时在两个泳道中", code="user_task_without_role", extra={"task": node_id}
                )
    return roles


def _outcome_literals(expression: str) -> list[str]:
    """The string literals an expression compares `outcome` with, in order of appearance."""
    literals: list[str] = []
    for node in ast.walk(_expression_parse(expression)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for index, op in enumerate(node.ops):
            pair = (operands[index], operands[index + 1])
            for this, other in (pair, pair[::-1]):
                if not (isinstance(this, ast.Name) and this.id == "outcome"):
                    continue
                if isinstance(other, ast.Constant) and isinstance(other.value, str):
                    literals.append(other.value)
                elif isinstance(op, ast.In | ast.NotIn) and isinstance(other, ast.List | ast.Tuple | ast.Set):
                    literals.extend(
                        e.value for e in other.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    )
    return literals


def _gateway_outcomes(gateway: Any, *, nodes: dict[str, Any]) -> list[str]:
    """The outcomes a gateway's conditions test for, without repeats, in document order."""
    outcomes: list[str] = []
    gateway_id = gateway.get("id")
    for node in nodes.values():
        if _local(node)[1] != "sequenceFlow" or node.get("sourceRef") != gateway_id:
            continue
        condition = node.find(f"{{{_BPMN}}}conditionExpression")
        if condition is not None:
            outcomes.extend(o for o in _outcome_literals(condition.text) if o not in outcomes)
    return outcomes


def _gateway_check(*, gateway: Any, nodes: dict[str, Any], incoming: list[Any]) -> None:
    """A gateway that decides on `outcome` must come right after single-instance user tasks, so it is never stale."""
    if not _gateway_outcomes(gateway, nodes=nodes):
        return
    for flow in incoming:
        source = nodes.get(str(flow.get("sourceRef")))
        if (
            source is None
            or _local(source)[1] not in _HUMAN_TASKS
            or source.find(f"{{{_BPMN}}}multiInstanceLoopCharacteristics") is not None
        ):
            raise ProcessError(
                f"网关“{_element_label(gateway)}”按 outcome 判断，只能直接接在单实例的用户任务之后",
                code="bad_expression",
                extra={"gateway": gateway.get("id")},
            )


def _human_task(*, task: Any, role: str, nodes: dict[str, Any], outgoing: dict[str, list[Any]]) -> _HumanTask:
    """Describe a user task: label, role, outcomes and, for a multi-instance task, its element and output items."""
    task_id = str(task.get("id"))
    declared = [
        str(element.get("name") or "")
        for element in task.iterfind(f"{{{_BPMN}}}extensionElements/{{{_ZHIZHI}}}outcome")
    ]
    if any(not name for name in declared) or len(set(declared)) != len(declared):
        raise ProcessError(f"任务“{_element_label(task)}”的 zhizhi:outcome 须有不重复的 name", code="bad_outcome")
    derived: list[str] = []
    flows = outgoing.get(task_id, [])
    if len(flows) == 1:
        target = nodes.get(str(flows[0].get("targetRef")))
        if target is not None and _local(target)[1] in _CONDITIONAL_GATEWAYS:
            derived = _gateway_outcomes(target, nodes=nodes)
    if declared and not set(derived) <= set(declared):
        raise ProcessError(
            f"任务“{_element_label(task)}”声明的结果 {declared} 未包含其后网关判断的 {derived}",
            code="bad_outcome",
            extra={"task": task_id},
        )
    outcomes = tuple(declared or derived or [OUTCOME_DONE])
    element_variable = output_item = None
    loop = task.find(f"{{{_BPMN}}}multiInstanceLoopCharacteristics")
    if loop is not None:
        element_variable, output_item = _multi_instance_check(task=task, loop=loop)
    info = TaskSpecInfo(name=task_id, label=_element_label(task), role=role, outcomes=outcomes)
    return _HumanTask(info=info, element_variable=element_variable, output_item=output_item)


def _multi_instance_check(*, task: Any, loop: Any) -> tuple[str, str]:
    """A parallel multi-instance task over a list in the data, collecting into a list; return its two item names."""
    label = _element_label(task)
    if loop.get("isSequential", "false") != "false":
        raise ProcessError(f"任务“{label}”：只支持并行的多实例任务", code="unsupported_element")
    names: dict[str, str] = {}
    for tag in ("loopDataInputRef", "loopDataOutputRef"):
        element = loop.find(f"{{{_BPMN}}}{tag}")
        names[tag] = (element.text or "").strip() if element is not None else ""
    for tag in ("inputDataItem", "outputDataItem"):
        element = loop.find(f"{{{_BPMN}}}{tag}")
        names[tag] = str(element.get("id") or "") if element is not None else ""
    for tag, name in names.items():
        if not name:
            raise ProcessError(
                f"多实例任务“{label}”须设置 {tag}（逐项办理的列表、每项的变量名和收集意见的列表）",
                code="unsupported_element",
                extra={"task": task.get("id"), "missing": tag},
            )
        if not name.isidentifier() or name.startswith("_") or name == "outcome":
            raise ProcessError(f"多实例任务“{label}”的 {tag} “{name}”不是可用的变量名", code="bad_expression")
    if len(set(names.values())) != len(names):
        raise ProcessError(f"多实例任务“{label}”的列表和变量须各用不同的名称", code="bad_expression")
    condition = loop.find(f"{{{_BPMN}}}completionCondition")
    if condition is not None:
        _expression_parse(condition.text or "")
    return names["inputDataItem"], names["outputDataItem"]


# --- running a process --------------------------------------------------------------------------------------------


class _SpeclessWorkflowConverter(BpmnWorkflowConverter):  # type: ignore[misc]
    """The workflow converter without the spec: a dump holds the task tree, the spec comes from the cache."""

    def to_dict(self, workflow: Any) -> dict[str, Any]:
        """The workflow's state without spec, subprocess specs, subprocesses or pending events (never used here)."""
        return WorkflowConverter.to_dict(self, workflow)  # type: ignore[no-any-return]

    def from_dict(self, dct: dict[str, Any], spec: Any = None) -> Any:
        """Restore a workflow around the cached spec."""
        workflow = self.target_class(spec, {}, script_engine=_ENGINE, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], uuid.UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(uuid.UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        return workflow


_registry = BpmnWorkflowSerializer.configure()
_SpeclessWorkflowConverter(BpmnWorkflow, _registry)
_serializer = BpmnWorkflowSerializer(registry=_registry)
_STATE_VERSION = 1


def _json_copy(data: Any) -> Any:
    """A deep copy of JSON data, refusing anything that is not JSON."""
    return json.loads(json.dumps(data, ensure_ascii=False))


class ProcessRun:
    """One running process: the engine advances it until it waits for people; `dump` and `load` persist it."""

    def __init__(self, *, definition: _Definition, workflow: Any) -> None:
        self._definition = definition
        self._workflow = workflow

    @classmethod
    def start(cls, *, bpmn_xml: str, data: dict[str, Any]) -> ProcessRun:
        """Start a process with the given data and run it until it waits on user tasks."""
        definition = _definition(bpmn_xml)
        workflow = BpmnWorkflow(definition.spec, script_engine=_ENGINE)
        workflow.task_tree.data.update(_json_copy(data))
        run = cls(definition=definition, workflow=workflow)
        run._engine_steps()
        return run

    @classmethod
    def load(cls, *, bpmn_xml: str, state: str) -> ProcessRun:
        """Restore a process from `dump()` output and the definition it was started with."""
        definition = _definition(bpmn_xml)
        dct = json.loads(state)
        if dct.get("digest") != definition.info.digest:
            raise ValueError(f"process state belongs to definition {dct.get('digest')}, not {definition.info.digest}")
        workflow_dct = dct["workflow"]
        # SpiffWorkflow's migrations of older formats may eval() timer expressions: only the current format loads.
        version = workflow_dct.pop(_serializer.VERSION_KEY, None)
        if dct.get("v") != _STATE_VERSION or version != _serializer.VERSION:
            raise ValueError(
                f"process state format {dct.get('v')}/{version} is not {_STATE_VERSION}/{_serializer.VERSION}"
            )
        workflow = _serializer.from_dict(workflow_dct, spec=definition.spec)
        return cls(definition=definition, workflow=workflow)

    def dump(self) -> str:
        """The state as JSON text for a database column (the spec is left out; `load` takes it from the XML)."""
        workflow_dct = _serializer.to_dict(self._workflow)
        workflow_dct[_serializer.VERSION_KEY] = _serializer.VERSION
        state = {"v": _STATE_VERSION, "digest": self._definition.info.digest, "workflow": workflow_dct}
        return json.dumps(state, ensure_ascii=False, separators=(",", ":"))

    def ready_tasks(self) -> list[ReadyTask]:
        """The user tasks waiting for a person, in the order the engine created them."""
        return [
            self._ready_task(task) for task in self._workflow.get_tasks(state=TaskState.READY) if task.task_spec.manual
        ]

    def _ready_task(self, task: Any) -> ReadyTask:
        """Describe a ready SpiffWorkflow task."""
        human = self._definition.tasks[task.task_spec.bpmn_id]
        department = None
        if human.element_variable is not None:
            item = task.data.get(human.element_variable)
            department = item if isinstance(item, str) or item is None else json.dumps(item, ensure_ascii=False)
        return ReadyTask(
            id=str(task.id),
            spec=human.info.name,
            label=human.info.label,
            role=human.info.role,
            department=department,
            outcomes=human.info.outcomes,
        )

    def complete(self, *, task_id: str, outcome: str, data: dict[str, Any] | None = None) -> None:
        """Complete a ready user task with an outcome (and data), then run the engine until it waits again."""
        try:
            task = self._workflow.tasks.get(uuid.UUID(task_id))
        except (ValueError, TypeError, AttributeError):
            task = None
        if task is None or not task.task_spec.manual:
            raise ProcessError("没有这个待办任务", code="unknown_task", extra={"task_id": task_id})
        human = self._definition.tasks[task.task_spec.bpmn_id]
        if task.state != TaskState.READY:
            raise ProcessError(
                f"任务“{human.info.label}”当前不能办理（{TaskState.get_name(task.state)}）",
                code="task_not_ready",
                extra={"task_id": task_id},
            )
        if outcome not in human.info.outcomes:
            raise ProcessError(
                f"任务“{human.info.label}”的办理结果只能是 {'、'.join(human.info.outcomes)}",
                code="bad_outcome",
                extra={"outcome": outcome, "outcomes": list(human.info.outcomes)},
            )
        given = {**_json_copy(data or {}), "outcome": outcome}
        if human.element_variable is not None:
            given[human.element_variable] = task.data.get(human.element_variable)
        if human.output_item is not None:
            given[human.output_item] = dict(given)
        task.data.update(given)
        try:
            task.run()
        except SpiffWorkflowException as exc:
            raise self._engine_error(exc) from exc
        self._engine_steps()

    def _engine_steps(self) -> None:
        """Run gateways and events until only user tasks are waiting."""
        try:
            self._workflow.do_engine_steps()
        except SpiffWorkflowException as exc:
            raise self._engine_error(exc) from exc

    @staticmethod
    def _engine_error(exc: Exception) -> ProcessError:
        """The error for a process that cannot go on; the run must be discarded (load the last dump again)."""
        task = getattr(exc, "task", None)
        spec = getattr(task, "task_spec", None) or getattr(exc, "task_spec", None)
        where = getattr(spec, "bpmn_name", None) or getattr(spec, "bpmn_id", None) or getattr(spec, "name", "")
        return ProcessError(
            f"流程在“{where}”处无法继续，请检查流程定义和办件数据", code="engine_error", extra={"detail": str(exc)}
        )

    @property
    def is_completed(self) -> bool:
        """Whether the process has reached its end."""
        return bool(self._workflow.is_completed())

    @property
    def end_event(self) -> str | None:
        """The BPMN id of the end event the process reached, once it is completed."""
        if not self.is_completed:
            return None
        ends = [
            task for task in self._workflow.get_tasks(state=TaskState.COMPLETED) if isinstance(task.task_spec, EndEvent)
        ]
        if not ends:
            return None
        return str(max(ends, key=lambda task: task.last_state_change).task_spec.bpmn_id)

    @property
    def data(self) -> dict[str, Any]:
        """A copy of the process data as the last completed step left it (for an instance, its whole task's)."""
        task = self._workflow.last_task or self._workflow.task_tree
        if isinstance(task.parent.task_spec if task.parent else None, ParallelMultiInstanceTask):
            task = task.parent
        return copy.deepcopy(dict(task.data))
