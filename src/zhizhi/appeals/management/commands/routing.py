"""`zhizhi routing evaluate --train TRAIN.csv --test TEST.csv` scores the router on files; `zhizhi routing train`
trains a new model version on the city's own dispatched appeals."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhizhi.core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Appeal routing. `evaluate` trains on TRAIN.csv (columns of labeled.csv: subject, detail, label; unlabeled "
        "messages beside it are used too unless --unlabeled is given) and scores TEST.csv, printing a report and, as "
        "the last line, one JSON object. `train` trains and activates a new model on the database's appeals."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["evaluate", "train"])
        parser.add_argument("--train", type=Path, help="labelled CSV to train on (evaluate)")
        parser.add_argument("--test", type=Path, help="labelled CSV to score (evaluate)")
        parser.add_argument(
            "--unlabeled", type=Path, action="append", help="unlabelled CSV (subject, detail); repeatable"
        )
        parser.add_argument("--no-unlabeled", action="store_true", help="use no unlabelled messages")
        parser.add_argument("--target-precision", type=float, default=0.95, help="auto-dispatch precision (train)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "train":
            from zhizhi.appeals.routing import routing_model_train

            try:
                model = routing_model_train(actor=None, target_precision=options["target_precision"])
            except ApplicationError as error:
                raise CommandError(str(error.message)) from error
            macro = model.evaluation.get("macro_f1")
            self.stdout.write(f"routing model v{model.version}: {model.examples} examples, macro-F1 {macro}")
            return
        from zhizhi.textmining.classifier import routing_evaluate

        train, test = options["train"], options["test"]
        if train is None or test is None:
            raise CommandError("evaluate needs --train TRAIN.csv and --test TEST.csv")
        for path in (train, test):
            if not path.is_file():
                raise CommandError(f"no such file: {path}")
        unlabeled = [] if options["no_unlabeled"] else options["unlabeled"]
        try:
            report, numbers = routing_evaluate(train=train, test=test, unlabeled=unlabeled)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report)
        self.stdout.write(json.dumps(numbers, ensure_ascii=False))
