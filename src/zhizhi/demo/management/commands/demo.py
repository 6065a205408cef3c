"""`zhizhi demo [--seed N]`: generate the demo city 示范市 and print what was created and how to sign in."""

import time
import unicodedata
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from zhizhi.demo.generator import DEFAULT_ENTERPRISES, DEFAULT_PERSONS, DEFAULT_SEED, DemoSummary, demo_generate


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(cells, widths, strict=True)).rstrip()


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [_row(header, widths), _row(["-" * w for w in widths], widths), *(_row(row, widths) for row in rows)]


class Command(BaseCommand):
    help = "Generate the demo city 示范市 (divisions, departments, staff, citizens, enterprises); safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
        parser.add_argument("--persons", type=int, default=DEFAULT_PERSONS, help="citizens (default %(default)s)")
        parser.add_argument(
            "--enterprises", type=int, default=DEFAULT_ENTERPRISES, help="enterprises (default %(default)s)"
        )
        parser.add_argument(
            "--applications",
            type=int,
            default=None,
            help="service-hall applications in the history (default: 2,000 per 5,000 persons; 0 for none)",
        )
        parser.add_argument(
            "--appeals",
            type=int,
            default=None,
            help="12345 appeals in the history (default: 20,000 per 5,000 persons; 0 for none)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        summary = demo_generate(
            seed=options["seed"],
            persons=options["persons"],
            enterprises=options["enterprises"],
            applications=options["applications"],
            appeals=options["appeals"],
        )
        elapsed = time.monotonic() - started
        self.stdout.write("\n".join(self._report(summary, elapsed)))

    def _report(self, summary: DemoSummary, elapsed: float) -> list[str]:
        lines = [f"示范市演示数据（seed {summary.seed}）：新建 {summary.created_total} 行，用时 {elapsed:.1f} 秒", ""]
        lines += _table(
            ["数据表", "新建", "已存在"],
            [[table.label, str(table.created), str(table.present)] for table in summary.tables],
        )
        lines += ["", "演示账号（登录页 /accounts/login/）", ""]
        lines += _table(
            ["角色", "用户名/手机号", "密码", "姓名", "部门/身份", "登录后打开"],
            [[a.role_label, a.username, summary.password, a.name, a.where, a.opens] for a in summary.accounts],
        )
        sms_log = settings.VAR_DIR / "sms.log"
        lines += [
            "",
            "说明：",
            "  · 工作人员用用户名登录，进入 /workbench/ 工作台；",
            "    其余约 200 名工作人员的用户名为 s0001、s0002……，密码相同。",
            "  · admin 兼 Django 超级用户，打开 /admin/；首次进入时需绑定动态口令（TOTP）：页面显示二维码和密钥，",
            "    用任一身份验证器 App 添加后输入 6 位口令。",
            f"  · 市民和企业经办人用手机号加密码登录，短信验证码写入 {sms_log} 和服务日志。",
            "  · 运行前已存在的同名账号保留原密码和权限，本命令不会修改。",
            "",
        ]
        return lines
