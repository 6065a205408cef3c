"""Reply quality: before a reply goes out, score it and tell the drafter what is missing, in Chinese.

The reply is split into formula (salutations, "留言已收悉", "感谢您对我们工作的支持", "现回复如下", forwarding
notes, the sign-off date, a quotation of the appeal's own subject) and specific content (everything else). Then:

- relevance: how many of the appeal's words (subject words count most, then the detail's most frequent words)
  and places the specific content names;
- completeness: ACTION_WEIGHT x names an action (已/将 … 处理, 整改, 维修 …) + ANSWER_WEIGHT x gives findings or an
  explanation + BASIS_WEIGHT x names a basis (依据, 《…》, 规定) + CONTACT_WEIGHT x gives a contact (phone, 科室);
- timeliness: 1 within the limit (DEFAULT_LIMIT when none is given), falling linearly to 0 at three times it;
- tone: 1 minus TONE_STEP for each rude, dismissive or blaming phrase.

score = 100 x (0.35 relevance + 0.35 completeness + 0.15 timeliness + 0.15 tone), multiplied by PENALTY of each
blocking or short-reply flag. Flags "boilerplate", "no_place" and "off_topic" block sending (`ReplyCheck.ok`).
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from zhizhi.textmining.places import place_core, place_is_division, place_is_named, place_mentions
from zhizhi.textmining.segmentation import words

DEFAULT_LIMIT = datetime.timedelta(days=15)
BLOCKING = frozenset({"boilerplate", "no_place", "off_topic"})
ACTION_WEIGHT, ANSWER_WEIGHT, BASIS_WEIGHT, CONTACT_WEIGHT = 0.35, 0.25, 0.2, 0.2
TONE_STEP = 0.4
PENALTY = {"boilerplate": 0.5, "off_topic": 0.6, "no_place": 0.8, "too_short": 0.7}
SPECIFIC_MINIMUM = 25  # characters of specific content below which a reply says nothing of its own
SHORT = 30  # characters below which a reply is too short
OFF_TOPIC = 0.1  # off topic: fewer of the subject's words, its character pairs and the detail's words are named

# Generic formulas of official replies. What they match is not counted as content.
_FORMULAS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?:尊敬的)?(?:网友|市民朋友|市民|来信人|来信同志|网友同志|同志|朋友)(?:[“\"「][^”\"」]{0,24}[”\"」])?",
        r"[“\"「]?[A-Za-z]{0,4}\d{4,}[”\"」]?",  # the citizen's user id
        r"(?:您|你)好",
        r"[^，。！!；;：:]{0,16}(?:已收悉|已收到|收悉|已阅悉|已阅|已知悉|已获悉)",
        r"(?:获悉|了解到)(?:该|此|这一|相关)?(?:情况|问题)后",
        r"(?:感谢|谢谢)(?:您|你|网友)?(?:对[^，。！!]{0,16}?)?(?:工作)?的?(?:关心|关注|支持|理解|监督|信任|信赖|问政|来信|留言)"
        r"(?:[、和与及,，]*(?:关心|关注|支持|理解|监督|信任|信赖))*",
        r"(?:感谢|谢谢)(?:您|你)?(?:的)?(?:来信|留言|问政|宝贵(?:意见|建议)|建议|意见)?",
        r"首先",
        r"(?:我们|我[局委办处县区市镇乡]|我单位|我公司|[局委办]领导)?(?:对此)?(?:高度|非常|十分|极为)重视",
        r"(?:立即|迅速)?(?:组织|安排)?(?:相关)?(?:人员|工作人员|力量)?(?:进行了?)?(?:调查处理|调查核实|核实处理)",
        r"(?:现将|现就|现对|现)?(?:有关|相关|具体|调查|处理|核查|办理|调查处理|核查处理)?(?:情况|结果)?(?:回复|答复|函复)"
        r"(?:如下|您)?",
        r"特此(?:回复|答复|函复)|此复",
        r"(?:我们|我[局委办处])?将(?:认真|积极|进一步)?(?:研究|考虑|调查|核实|跟进|关注)(?:并|后)?(?:及时)?(?:处理|反馈|回复|答复)?",
        r"(?:并|会|将)?(?:及时|尽快)(?:处理|反馈|回复|答复|办理)",
        r"(?:请您?)?(?:耐心等待|敬请谅解|请谅解|谅解)",
        r"祝(?:您|你)?(?:生活愉快|工作顺利|身体健康|事事顺心|万事如意|阖家幸福)",
        r"(?:您|你)(?:所)?(?:反映|咨询|提出|留言|来信)(?:的|中)?(?:问题|情况|建议|事项|内容)?",
        r"(?:已|现已|我们已|已经)?(?:将)?(?:该|此|您的|你的)?(?:问题|留言|诉求|来信|信件)?转(?:交|至|给|办|送|到)?"
        r"[^，。！!；]{0,16}?(?:调查|核查|核处|处理|办理|研究|参考|答复|回复)(?:核处|处理|办理)?",
        r"(?:详情|详见|具体情况)请?(?:点击|查看|见|参见)[^。！!]{0,24}",
        r"如有(?:疑问|问题|其他问题|不明之处)",
        r"(?:欢迎|希望)(?:您|你)?(?:继续|今后)?(?:关注|监督|支持)(?:我们的?工作)?",
    )
)
_SIGN_OFF_DATE = re.compile(r"\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?[\s。]*$")
_QUOTE = re.compile(r"[“\"「《]([^”\"」》]{2,80})[”\"」》]")
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_NUMBER = re.compile(r"\d")
_ACTION = re.compile(
    r"(?:已|将|已经|正在|立即|马上|及时|责令|督促|要求|安排|组织|会同|联合|依法|现已|目前已|予以|进行了?)"
    r"[^，。；;！!]{0,10}?"
    r"(?:处理|整改|查处|安排|维修|修复|修缮|清理|清除|拆除|清运|疏通|安装|更换|施工|处罚|罚款|立案|约谈|取缔|关停|查封|暂扣|"
    r"督办|核查|核实|调查|检查|巡查|监测|检测|协调|补办|办理|发放|退还|退款|恢复|完成|开通|调整|纳入|上报|回访|整治|治理|执法|"
    r"劝导|制止|收回|处置|实施|启动|建设|改造|搬迁|封堵|硬化|铺设|补缴|补发|审批|受理|答复了|告知|宣传|培训|部署)"
)
_FINDINGS = re.compile(
    r"经(?:查|核|调查|核实|核查|了解|现场|实地|研究|排查)|情况属实|不属实|与事实不符|实地查看|现场查看|目前|已于|预计|计划|"
    r"根据|按照|由于|因为|原因|是指|可以|不能|需要|应当|须|符合|不符合"
)
_BASIS = re.compile(
    r"依据|根据|按照|依照|遵照|《[^》]{2,40}》|规定|条例|办法|细则|政策|文件|第[一二三四五六七八九十百零\d]+条|法律|法规|标准"
)
_CONTACT = re.compile(
    r"\d{3,4}\s*[-—－–]\s*\d{4}(?:\s*[-—－–]?\s*\d{3,8})?|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{7,8}(?!\d)|12345|"
    r"联系电话|咨询电话|服务电话|举报电话|联系方式|联系人|电话[:：]|致电|拨打|科室|办公室|服务窗口|服务大厅|地址[:：]"
)
_RUDE = (
    "不归我们管", "不属于我们管", "与我单位无关", "与我局无关", "与我们无关", "无能为力", "爱莫能助", "请自行解决",
    "自己解决", "自行承担", "后果自负", "不予理睬", "不再答复", "不再回复", "请勿再", "不要再", "别再", "不要重复",
    "无理取闹", "胡搅蛮缠", "无中生有", "纯属捏造", "纯属造谣", "造谣", "诬告", "恶意投诉", "恶意举报", "缺乏常识",
    "不懂法", "自己去查", "自己看", "请自重", "少管闲事", "咎由自取", "怪不得",
    "由于您自身原因", "由于你自身原因", "您自身的原因", "你自身的原因", "是您自己", "是你自己", "责任在您",
    "责任在你", "您应当自行", "你应当自行", "您自己负责", "你自己负责", "你们自己",
)  # fmt: skip
_RUDE_RE = re.compile("|".join(re.escape(p) for p in sorted(_RUDE, key=len, reverse=True)))
# Words of appeals that name no problem of their own.
_GENERIC_WORDS = frozenset(
    "问题 反映 请求 希望 建议 咨询 投诉 举报 关于 相关 部门 有关 政府 领导 解决 处理 情况 严重 尽快 能否 是否 "  # noqa: SIM905
    "为什么 什么 怎么 如何 何时 时候 我们 业主 居民 市民 群众 网友 谢谢 请问 可以 需要 一直 已经 现在 目前 没有 "
    "不能 要求 强烈 呼吁 为何 到底 还是 就是 这样 这种 一下 多少 哪些 存在 出现 进行 影响 导致 造成 非常 特别 "
    "十分 很多 大家 自己 他们 书记 市长 县长 局长 尊敬 领导们 您好 你好 感谢 恳请 麻烦 帮忙 一个 一些 这个 那个 "
    "以及 而且 但是 因为 所以".split()
)  # fmt: skip
# Character pairs of subjects that say nothing of the problem (关于, 的问 in 的问题 …).
_GENERIC_PAIRS = frozenset(w for w in _GENERIC_WORDS if len(w) == 2) | frozenset(
    "关于 反应 请求 要求 希望 建议 咨询 投诉 举报 为何 何时 能否 是否 什么 为什 么要 怎么 时候 我们 一下 的问 "  # noqa: SIM905
    "题的 的情 况的".split()
)  # fmt: skip
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
_DIVISION_WORD = re.compile(r"^[a-z]\d{0,3}[省市区县]?$")
_SUBJECT_WORDS = 8
_DETAIL_WORDS = 10

# What the drafter is told; {…} are filled in.
_TEXTS = {
    "late": "答复用时{days:.0f}天，超过{allowed:.0f}天的办理时限{over:.0f}天。",
    "tone": "答复中有生硬、推诿或指责群众的措辞：{phrases}，请改用平和、负责的表述。",
    "too_short": "答复过短（仅{length}字），没有说明核查情况和处理结果。",
    "boilerplate": (
        "答复以套话为主（约{share:.0%}为通用语句，具体内容仅{length}字），请写明对诉求的核查情况、采取的措施和办理结果。"
    ),
    "no_place": "答复没有提到诉求反映的{places}，请写明对该地点或对象的核查和处理情况。",
    "off_topic": "答复与诉求关联很弱：诉求中的{words}在答复中都没有出现，请针对所诉问题答复。",
    "no_action": "答复没有写明已经或将要采取的措施（如已处理、整改、维修、查处及完成时间）。",
    "no_basis": "答复没有说明处理依据（相关法律法规、政策文件或规定）。",
    "no_contact": "答复没有留下联系电话或承办科室，群众无法进一步咨询。",
}


@dataclass(frozen=True)
class ReplyFlag:
    """One finding about a reply, with a sentence for the drafter."""

    code: str  # boilerplate, no_place, off_topic, too_short, no_action, no_basis, no_contact, late, tone
    text: str


@dataclass(frozen=True)
class ReplyCheck:
    """The scores of a reply (0..1 each, 0..100 overall) and what the drafter should fix."""

    score: int
    relevance: float
    completeness: float
    timeliness: float
    tone: float
    flags: tuple[ReplyFlag, ...]

    @property
    def ok(self) -> bool:
        """Whether the reply may be sent: no blocking flag (boilerplate, no place, off topic)."""
        return not any(flag.code in BLOCKING for flag in self.flags)


def _content_length(text: str) -> int:
    return len(_CONTENT.findall(text))


def _pairs(text: str) -> set[str]:
    letters = "".join(_CONTENT.findall(text))
    return {a + b for a, b in itertools.pairwise(letters)}


def _formula_spans(reply: str, subject: str) -> list[tuple[int, int]]:
    """The spans of a reply that are formula: generic phrases, the sign-off date, a quotation of the subject."""
    spans = [m.span() for pattern in _FORMULAS for m in pattern.finditer(reply) if m.end() > m.start()]
    ending = _SIGN_OFF_DATE.search(reply)
    if ending:
        spans.append(ending.span())
    subject_pairs = _pairs(subject)
    for quote in _QUOTE.finditer(reply):
        pairs = _pairs(quote.group(1))
        if subject_pairs and pairs and len(pairs & subject_pairs) >= 0.5 * len(pairs):
            spans.append(quote.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _specific(reply: str, spans: list[tuple[int, int]]) -> str:
    """The reply without its formula spans."""
    parts: list[str] = []
    position = 0
    for start, end in spans:
        parts.append(reply[position:start])
        parts.append("。")
        position = end
    parts.append(reply[position:])
    return "".join(parts)


def _without_divisions(text: str) -> str:
    """The text with district names (A3区, 中山区) blanked out: they say where, not what."""
    for mention in place_mentions(text):
        if place_is_division(mention):
            text = text.replace(mention, "，")
    return text


def _keywords(subject: str, detail: str) -> tuple[list[str], list[str]]:
    """The appeal's own words: those of its subject, and the most frequent of its detail."""

    def useful(word: str) -> bool:
        return len(word) >= 2 and word not in _GENERIC_WORDS and not _DIVISION_WORD.match(word)

    subject_words = list(dict.fromkeys(w for w in words(_without_divisions(subject)) if useful(w)))[:_SUBJECT_WORDS]
    counts = Counter(w for w in words(detail) if useful(w) and w not in subject_words)
    detail_words = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:_DETAIL_WORDS]]
    return subject_words, detail_words


def _subject_pairs(subject: str) -> set[str]:
    """The character pairs of a subject that say what it is about (not 问题, 反映, 请求 …)."""
    letters = _NOT_CJK.sub("，", _without_divisions(subject))
    pairs = {a + b for a, b in itertools.pairwise(letters) if "，" not in a + b}
    return pairs - _GENERIC_PAIRS


def _appeal_places(subject: str, detail: str) -> list[str]:
    """The places or objects the appeal is about: those its subject names, else those its detail names twice.

    Longest names first (桃花苑小区 before 桃花苑); a reply naming any of them names the place.
    """
    named = [m for m in place_mentions(subject) if not place_is_division(m) and place_is_named(m)]
    if not named:
        named = [
            m for m in place_mentions(detail) if not place_is_division(m) and place_is_named(m) and detail.count(m) >= 2
        ]
    return named


def _whole_names(places: list[str]) -> list[str]:
    """The names not part of a longer one (桃花苑小区, not 桃花苑), for telling the drafter."""
    return [p for p in places if not any(other != p and p in other for other in places)]


def _names(place: str, reply: str) -> bool:
    """Whether a reply names a place: the name, its core (魅力之城 for 魅力之城小区), or most of it (a typo, a variant).

    Most of it: half of the core's character pairs (景蓉花苑 for 景蓉华苑), or two thirds of its characters when it
    has three or more (望岳路 for 望岳南路).
    """
    core = place_core(place)
    if place in reply or core in reply:
        return True
    pairs = _pairs(core)
    if len(pairs) >= 2 and len(pairs & _pairs(reply)) >= 0.5 * len(pairs):
        return True
    return len(core) >= 3 and sum(char in reply for char in core) >= 2 / 3 * len(core)


def _share(found: int, total: int) -> float:
    return found / total if total else 0.0


def _flag(code: str, **values: object) -> ReplyFlag:
    return ReplyFlag(code, _TEXTS[code].format(**values))


@dataclass(frozen=True)
class _Relevance:
    value: float
    subject_words: list[str]
    places: list[str]
    place_named: bool
    weakest: float  # the largest share of subject words, subject pairs or detail words the reply names


def _relevance(subject: str, detail: str, reply: str, specific: str) -> _Relevance:
    """How much of the appeal the reply's specific content names: its words, character pairs and places."""
    subject_words, detail_words = _keywords(subject, detail)
    lowered = specific.lower()  # segmentation lower-cases words (app, 110kv)
    subject_found = _share(sum(w in lowered for w in subject_words), len(subject_words))
    detail_found = _share(sum(w in lowered for w in detail_words), len(detail_words))
    pairs = _subject_pairs(subject)
    pairs_found = _share(len(pairs & _pairs(specific)), len(pairs))
    places = _appeal_places(subject, detail)
    place_named = any(_names(place, reply) for place in places)
    raw = 0.4 * subject_found + 0.2 * pairs_found + 0.2 * detail_found
    raw += 0.2 * (place_named if places else subject_found)
    return _Relevance(
        value=min(1.0, raw / 0.6),
        subject_words=subject_words,
        places=places,
        place_named=place_named,
        weakest=max(subject_found, pairs_found, detail_found),
    )


def reply_check(
    *,
    subject: str,
    detail: str,
    reply: str,
    asked_at: datetime.datetime | None = None,
    replied_at: datetime.datetime | None = None,
    limit: datetime.timedelta | None = None,
) -> ReplyCheck:
    """Score a draft reply to an appeal for relevance, completeness, timeliness and tone, with reasons."""
    reply = reply.strip()
    flags: list[ReplyFlag] = []
    total = _content_length(reply)
    specific = _specific(reply, _formula_spans(reply, subject))
    specific_length = _content_length(specific)
    formula_share = 1 - _share(specific_length, total) if total else 1.0
    relevance = _relevance(subject, detail, reply, specific)

    action = bool(_ACTION.search(specific))
    answer = bool(_FINDINGS.search(specific)) or (specific_length >= 60 and bool(_NUMBER.search(specific)))
    basis = bool(_BASIS.search(specific))
    contact = bool(_CONTACT.search(reply))
    completeness = ACTION_WEIGHT * action + ANSWER_WEIGHT * answer + BASIS_WEIGHT * basis + CONTACT_WEIGHT * contact

    allowed = limit or DEFAULT_LIMIT
    timeliness = 1.0
    if asked_at is not None and replied_at is not None and replied_at - asked_at > allowed:
        taken = replied_at - asked_at
        timeliness = max(0.0, 1 - (taken - allowed) / (2 * allowed))
        days, allowed_days = taken.total_seconds() / 86400, allowed.total_seconds() / 86400
        flags.append(_flag("late", days=days, allowed=allowed_days, over=days - allowed_days))

    rude = list(dict.fromkeys(m.group() for m in _RUDE_RE.finditer(reply)))
    tone = max(0.0, 1 - TONE_STEP * len(rude))
    if rude:
        flags.append(_flag("tone", phrases="、".join(f"“{p}”" for p in rude[:3])))

    if total < SHORT:
        flags.append(_flag("too_short", length=total))
    boilerplate = specific_length < SPECIFIC_MINIMUM or (formula_share >= 0.6 and specific_length < 60 and not action)
    if boilerplate:
        flags.append(_flag("boilerplate", share=formula_share, length=specific_length))
    if relevance.places and not relevance.place_named:
        named = _whole_names(relevance.places)[:2]
        flags.append(_flag("no_place", places="、".join(f"“{p}”" for p in named)))
    elif not boilerplate and relevance.subject_words and relevance.weakest < OFF_TOPIC:
        flags.append(_flag("off_topic", words="、".join(f"“{w}”" for w in relevance.subject_words[:4])))
    for code, present in (("no_action", action), ("no_basis", basis), ("no_contact", contact)):
        if not present:
            flags.append(_flag(code))

    score = 100 * (0.35 * relevance.value + 0.35 * completeness + 0.15 * timeliness + 0.15 * tone)
    for flag in flags:
        score *= PENALTY.get(flag.code, 1.0)
    return ReplyCheck(
        score=round(max(0.0, min(100.0, score))),
        relevance=round(relevance.value, 3),
        completeness=round(completeness, 3),
        timeliness=round(timeliness, 3),
        tone=round(tone, 3),
        flags=tuple(flags),
    )
