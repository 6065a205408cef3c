"""Automatic routing: a classifier trained on the city's own dispatched appeals suggests categories (and so
departments); above the active model's threshold, chosen on cross-validation for a target precision, the appeal is
dispatched automatically; below it, the dispatcher sees the top three. Dispatchers' final categories are the
training data of the next version."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zhizhi.accounts.models import User
from zhizhi.appeals.models import Appeal, AppealStatus, Category, RoutingModel
from zhizhi.core.audit import audit_record
from zhizhi.core.bulk import bulk_update_rows
from zhizhi.core.errors import InvalidInput

if TYPE_CHECKING:  # scikit-learn loads only where a model is used, not in every web process at start-up
    from zhizhi.textmining.classifier import Classifier, Message

# Routing decides the department, which the second level of the tree fixes; the dispatcher may refine further.
ROUTING_LEVEL = 2
MIN_EXAMPLES = 50
MIN_PER_LABEL = 5
MIN_SUGGESTION = 0.01  # a second or third category less likely than this is not worth the dispatcher's reading
MAX_EXAMPLES = 20_000  # about a minute per training on 2 cores; cross-validation trains three more times
CV_FOLDS = 3
_loaded: dict[int, Classifier] = {}


def routing_label(category: Category) -> Category:
    """The category a model learns for an appeal filed under `category`: its ancestor at the routing level."""
    node = category
    while node.level > ROUTING_LEVEL and node.parent is not None:
        node = node.parent
    return node


def _classifier(model: RoutingModel) -> Classifier:
    """The model's classifier, loaded from the database once per process and version."""
    classifier = _loaded.get(model.pk)
    if classifier is None:
        from zhizhi.textmining.classifier import Classifier

        blob = RoutingModel.objects.values_list("blob", flat=True).get(pk=model.pk)
        classifier = Classifier.from_bytes(bytes(blob))
        _loaded.clear()  # one version in memory at a time
        _loaded[model.pk] = classifier
    return classifier


def active_model() -> RoutingModel | None:
    """The routing model in use, if one has been trained."""
    return RoutingModel.objects.filter(is_active=True).defer("blob").first()


def routing_suggest(*, subject: str, detail: str, k: int = 3) -> tuple[RoutingModel | None, list[dict[str, Any]]]:
    """The active model's top-k categories for a text, each with its department and probability."""
    model, [suggestions] = routing_suggest_many([(subject, detail)], k=k)
    return model, suggestions


def routing_suggest_many(
    texts: list[tuple[str, str]], *, k: int = 3
) -> tuple[RoutingModel | None, list[list[dict[str, Any]]]]:
    """`routing_suggest` for many (subject, detail) texts at once: one pass of the classifier, one category query."""
    model = active_model()
    if model is None:
        return None, [[] for _text in texts]
    from zhizhi.textmining.classifier import Message

    ranked = _classifier(model).rank([Message(subject=s, detail=d) for s, d in texts], k=k)
    codes = {code for row in ranked for code, _p in row}
    categories = {c.code: c for c in Category.objects.filter(code__in=codes).select_related("department")}
    from zhizhi.appeals.services import category_department

    departments = {code: category_department(category) for code, category in categories.items()}
    every: list[list[dict[str, Any]]] = []
    for row in ranked:
        suggestions: list[dict[str, Any]] = []
        for code, probability in row:
            category = categories.get(code)
            if category is None or not category.is_active or (suggestions and probability < MIN_SUGGESTION):
                continue
            department = departments[code]
            suggestions.append(
                {
                    "category": code,
                    "category_name": category.path,
                    "department": department.code if department else "",
                    "department_name": department.name if department else "",
                    "probability": round(float(probability), 4),
                }
            )
        every.append(suggestions)
    return model, every


def appeal_route(*, appeal_id: int) -> Appeal | None:
    """Attach the router's suggestions to a newly received appeal and dispatch it when the model is confident
    enough; idempotent (an appeal already dispatched or merged is left alone)."""
    routed = appeals_route(appeal_ids=[appeal_id])
    return routed[0] if routed else None


ROUTED_FIELDS = ["suggestions", "confidence", "routing_model", "routed_at"]


def appeals_route(*, appeal_ids: list[int]) -> list[Appeal]:
    """`appeal_route` for many appeals: classified in one pass, then saved in one transaction, the confident ones
    dispatched together (`services.appeals_dispatch_auto`); the appeals routed (those still received)."""
    from zhizhi.appeals.services import appeals_dispatch_auto

    texts = list(
        Appeal.objects.filter(pk__in=appeal_ids, status=AppealStatus.RECEIVED)
        .order_by("pk")
        .values_list("pk", "subject", "detail")
    )
    if not texts:
        return []
    model, every = routing_suggest_many([(subject, detail) for _pk, subject, detail in texts])
    suggested = {pk: suggestions for (pk, _subject, _detail), suggestions in zip(texts, every, strict=True)}
    threshold = model.threshold if model is not None else None
    with transaction.atomic():
        # a person may have dispatched or merged some meanwhile: those are left alone
        waiting = list(
            Appeal.objects.select_for_update(of=("self",))
            .filter(pk__in=list(suggested), status=AppealStatus.RECEIVED)
            .order_by("pk")
        )
        now = timezone.now()
        confident = []
        for appeal in waiting:
            suggestions = suggested[appeal.pk]
            best = suggestions[0] if suggestions else None
            appeal.suggestions = suggestions
            appeal.confidence = best["probability"] if best else None
            appeal.routing_model = model
            appeal.routed_at = now
            if best is not None and threshold is not None and best["probability"] >= threshold and best["department"]:
                confident.append((appeal, best))
        categories = Category.objects.in_bulk({best["category"] for _appeal, best in confident}, field_name="code")
        dispatched = appeals_dispatch_auto(
            dispatches=[
                (appeal, categories[best["category"]], _("置信度 %(p).0f%%") % {"p": best["probability"] * 100})
                for appeal, best in confident
            ],
            now=now,
            save_also=ROUTED_FIELDS,  # each appeal is written once
        )
        done = {appeal.pk for appeal in dispatched}
        bulk_update_rows([appeal for appeal in waiting if appeal.pk not in done], ROUTED_FIELDS)
    return waiting


@dataclass(frozen=True)
class TrainingSet:
    messages: list[Message]
    labels: list[str]


def training_set(*, examples: int = MAX_EXAMPLES) -> TrainingSet:
    """The city's most recent dispatched appeals with their final categories at the routing level."""
    from zhizhi.textmining.classifier import Message

    rows = (
        Appeal.objects.exclude(category=None)
        .exclude(status__in=[AppealStatus.RECEIVED, AppealStatus.MERGED])
        .order_by("-received_at")
        .values_list("subject", "detail", "category_id")[:examples]
    )
    categories = {c.pk: c for c in Category.objects.select_related("parent__parent")}
    messages, labels = [], []
    for subject, detail, category_id in rows:
        messages.append(Message(subject=subject, detail=detail))
        labels.append(routing_label(categories[category_id]).code)
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    keep = [i for i, label in enumerate(labels) if counts[label] >= MIN_PER_LABEL]
    return TrainingSet(messages=[messages[i] for i in keep], labels=[labels[i] for i in keep])


def routing_model_train(
    *, actor: User | None, target_precision: float = 0.95, activate: bool = True, examples: int = MAX_EXAMPLES
) -> RoutingModel:
    """Train a new model version on the city's history, evaluate it by cross-validation, choose its auto-dispatch
    threshold for `target_precision`, store it with its evaluation and make it the active one."""
    from zhizhi.textmining.classifier import classifier_cross_validate, classifier_train

    if not 0.5 <= target_precision < 1:
        raise InvalidInput(_("目标准确率应在 0.5 与 1 之间"), extra={"field": "target_precision"})
    data = training_set(examples=examples)
    if len(data.messages) < MIN_EXAMPLES or len(set(data.labels)) < 2:
        raise InvalidInput(
            _("可用于训练的已派单诉求不足（%(n)d 件），至少需要 %(min)d 件、两个分类")
            % {"n": len(data.messages), "min": MIN_EXAMPLES},
            extra={"examples": len(data.messages)},
        )
    evaluation = classifier_cross_validate(messages=data.messages, labels=data.labels, folds=CV_FOLDS)
    started = time.perf_counter()
    classifier = classifier_train(messages=data.messages, labels=data.labels)
    train_seconds = time.perf_counter() - started
    threshold = evaluation.threshold_for_precision(target_precision)
    with transaction.atomic():
        version = (RoutingModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        if activate:
            RoutingModel.objects.filter(is_active=True).update(is_active=False)
        model = RoutingModel.objects.create(
            version=version,
            trained_at=timezone.now(),
            trained_by=actor,
            examples=len(data.messages),
            labels=list(classifier.labels),
            evaluation=evaluation.to_dict(),
            threshold=threshold,
            target_precision=target_precision,
            train_seconds=round(train_seconds, 2),
            blob=classifier.to_bytes(),
            is_active=activate,
        )
        audit_record(
            actor=actor,
            action="appeals.routing.train",
            target=model,
            detail={
                "examples": model.examples,
                "macro_f1": round(evaluation.macro_f1, 4),
                "threshold": threshold,
                "active": activate,
            },
        )
    return model


@transaction.atomic
def routing_model_activate(*, actor: User, model: RoutingModel) -> RoutingModel:
    """Put an earlier (or newer) model version back into use."""
    RoutingModel.objects.filter(is_active=True).exclude(pk=model.pk).update(is_active=False)
    model.is_active = True
    model.save(update_fields=["is_active"])
    audit_record(actor=actor, action="appeals.routing.activate", target=model, detail={"version": model.version})
    return model
