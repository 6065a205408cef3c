"""Appeal routing classifier: training, ranking, calibration shape, storage, evaluation arithmetic, files."""

import csv
from pathlib import Path

import numpy as np
import pytest

from zhizhi.textmining.classifier import (
    Classifier,
    Message,
    _pool_exclude,
    classifier_cross_validate,
    classifier_evaluate,
    classifier_train,
    evaluation_build,
    evaluation_report,
    messages_read_csv,
    routing_evaluate,
)

CORPUS = {
    "交通": [
        ("12路公交车晚点严重", "每天早上在人民路站等12路公交车要四十分钟，公交车晚点太严重，希望公交公司增加班次。"),
        ("人民路红绿灯时间太短", "人民路和建设路路口的红绿灯行人绿灯只有十秒，老人过马路很危险，请交警调整红绿灯。"),
        ("建设路早高峰道路拥堵", "建设路早高峰道路拥堵严重，车辆乱停乱放占用车道，请交警加强疏导。"),
        ("公交站台没有遮雨棚", "新开通的公交线路站台没有遮雨棚，下雨天等公交车的乘客全身淋湿。"),
        ("出租车拒载绕路", "在火车站打出租车经常被拒载，有的司机还故意绕路多收钱，请交通部门查处。"),
        ("小区门口违章停车堵路", "小区门口道路两边长期违章停车，道路拥堵，公交车都开不过去，请交警处理。"),
        ("希望开通夜间公交线路", "城东工业园下班晚，没有夜间公交车，希望公交公司开通夜班公交线路。"),
        ("路口红绿灯坏了", "滨江路口的红绿灯坏了三天，车辆和行人抢行，交通很乱，请尽快修复红绿灯。"),
    ],
    "教育": [
        ("学校违规收取补课费", "实验中学老师要求学生周末到校补课，每个学生收取补课费八百元，请教育局查处。"),
        ("孩子入学报名问题", "我们是外来务工人员，孩子今年上小学，学校说入学报名需要房产证，请问怎么办。"),
        ("幼儿园收费过高", "小区配套幼儿园每学期收费一万多元，远超标准，家长负担重，请教育局核查。"),
        ("老师体罚学生", "第三小学一位老师上课体罚学生，孩子回家说被罚站一上午，请学校处理。"),
        ("学生课业负担太重", "初中学生每天作业写到晚上十二点，课业负担太重，请教育局落实减负。"),
        ("学校食堂饭菜质量差", "学校食堂饭菜质量差，学生吃不饱，家长多次反映学校不理，请教育局检查。"),
        ("中考加分政策咨询", "请问今年中考对学生有哪些加分政策，学校没有通知，家长很着急。"),
        ("校车超载接送学生", "镇中心小学的校车每天超载接送学生，一辆车挤三十多个孩子，学校不管。"),
    ],
    "环保": [
        ("工厂夜间排放废气", "化工厂每天夜里偷偷排放废气，气味刺鼻，附近居民头晕恶心，请环保局查处。"),
        ("烧烤店油烟扰民", "楼下烧烤店油烟直接排放，没有净化设备，居民家里全是油烟，请环保部门处理。"),
        ("河道污水排放发臭", "养殖场把污水直接排放进河道，河水发黑发臭，鱼都死了，请环保局治理污水。"),
        ("工地夜间施工噪音", "工地每天夜里施工到凌晨，噪音太大，居民无法休息，请环保部门查处噪音。"),
        ("垃圾焚烧污染空气", "村里有人露天焚烧垃圾，浓烟污染空气，请环保局制止焚烧。"),
        ("搅拌站粉尘污染", "小区旁边的搅拌站粉尘污染严重，窗台每天一层灰，请环保局检查粉尘排放。"),
        ("KTV噪音扰民", "商业街的KTV每晚噪音扰民到两点，居民多次投诉，请环保部门监测噪音。"),
        ("造纸厂污水偷排", "造纸厂通过暗管偷排污水，下游河道污染严重，请环保局彻查污水排放。"),
    ],
    "社保": [
        ("养老金迟迟没有发放", "我去年办理退休，养老金到现在还没有发放，社保局一直说在审核。"),
        ("公司拖欠工资不交社保", "公司拖欠员工三个月工资，也没有给员工缴纳社保，请劳动监察部门处理。"),
        ("医保异地报销太难", "在外地住院，回来报销医保要跑好几趟，异地医保报销手续太复杂。"),
        ("失业保险金怎么申领", "我被公司辞退了，请问失业保险金怎么申领，需要哪些材料，社保局在哪里办。"),
        ("社保转移接续办不了", "从外省回来工作，社保转移接续一直办不了，两边社保局互相推诿。"),
        ("灵活就业人员社保缴费", "灵活就业人员社保缴费基数太高，每月交社保压力很大，能否调整。"),
        ("工伤认定拖延", "工人在工地受伤，公司不给申请工伤认定，劳动部门拖了半年没有结果。"),
        ("退休人员养老金调整", "请问今年退休人员养老金调整什么时候发放，社保局没有通知。"),
    ],
}
NEW = [
    (Message(subject="公交车又晚点了", detail="等公交车等了一个小时，公交公司什么时候增加班次。"), "交通"),
    (Message(subject="学校组织有偿补课", detail="高中老师组织学生有偿补课，学校收取补课费，请教育局处理。"), "教育"),
    (Message(subject="饭店油烟排放", detail="饭店油烟排放到居民楼，油烟味很重，请环保局管一管。"), "环保"),
    (Message(subject="养老金补发问题", detail="社保局少发了我两个月养老金，什么时候补发。"), "社保"),
]


def corpus(categories=None):
    messages, labels = [], []
    for label, items in CORPUS.items():
        if categories is None or label in categories:
            for subject, detail in items:
                messages.append(Message(subject=subject, detail=detail))
                labels.append(label)
    return messages, labels


@pytest.fixture(scope="module")
def trained():
    messages, labels = corpus()
    return classifier_train(messages=messages, labels=labels)


def test_router_puts_new_messages_in_their_category(trained):
    # when
    ranked = trained.rank([m for m, _label in NEW], k=1)
    # then
    assert [r[0][0] for r in ranked] == [label for _m, label in NEW]
    assert trained.labels == ("交通", "教育", "环保", "社保")


def test_probabilities_sum_to_one_and_ranking_is_best_first(trained):
    messages = [m for m, _label in NEW]
    probabilities = trained.predict_proba(messages)
    assert probabilities.shape == (4, 4)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert (probabilities >= 0).all()
    for row, ranked in zip(probabilities, trained.rank(messages, k=3), strict=True):
        assert len(ranked) == 3
        assert [p for _label, p in ranked] == sorted((p for _label, p in ranked), reverse=True)
        assert ranked[0] == (trained.labels[int(row.argmax())], pytest.approx(float(row.max())))
    assert len(trained.rank(messages[:1], k=10)[0]) == 4
    assert trained.predict_proba([]).shape == (0, 4)


def test_a_clear_message_is_more_probable_than_a_vague_one(trained):
    clear, vague = trained.predict_proba(
        [NEW[3][0], Message(subject="反映一个情况", detail="希望有关部门重视，尽快处理。")]
    ).max(axis=1)
    assert clear > vague


def test_stored_classifier_predicts_the_same(trained):
    # given
    data = trained.to_bytes()
    # when
    loaded = Classifier.from_bytes(data)
    # then
    messages = [m for m, _label in NEW]
    assert loaded.labels == trained.labels
    assert np.array_equal(loaded.predict_proba(messages), trained.predict_proba(messages))
    with pytest.raises(ValueError, match="routing classifier"):
        Classifier.from_bytes(b"not a model")


def test_two_categories_are_enough():
    messages, labels = corpus({"交通", "社保"})
    classifier = classifier_train(messages=messages, labels=labels)
    ranked = classifier.rank([NEW[0][0], NEW[3][0]], k=2)
    assert [r[0][0] for r in ranked] == ["交通", "社保"]
    assert classifier.rank([NEW[0][0]])[0][0][1] > 0.5


def test_category_with_one_example_trains_and_cross_validates():
    # given
    messages, labels = corpus()
    messages.append(Message(subject="路灯不亮", detail="小区路灯坏了一个月没人修。"))
    labels.append("市政")
    # when
    classifier = classifier_train(messages=messages, labels=labels)
    evaluation = classifier_cross_validate(messages=messages, labels=labels, folds=3)
    # then
    assert "市政" in classifier.labels
    assert np.allclose(classifier.predict_proba([NEW[0][0]]).sum(), 1.0)
    assert evaluation.per_class["市政"].support == 1
    assert evaluation.accuracy > 0.7
    with pytest.raises(ValueError, match="two categories"):
        classifier_train(messages=messages[:3], labels=labels[:3])


def test_unlabeled_copies_of_labeled_messages_are_left_out():
    labeled = [Message(subject="公交车晚点", detail="12路公交车每天早上晚点四十分钟，希望增加班次。")]
    pool = [
        Message(subject="公交车 晚点", detail="12路公交车每天早上晚点四十分钟， 希望增加班次。"),  # copy, other spaces
        Message(subject="另一个标题", detail="12路公交车每天早上晚点四十分钟，希望增加班次。"),  # same long detail
        Message(subject="噪音扰民", detail="工地夜间施工噪音太大。"),
        Message(subject="噪音扰民", detail="工地夜间施工噪音太大。"),  # repeat within the pool
    ]
    assert _pool_exclude(pool, exclude=labeled) == [pool[2]]


def test_evaluation_of_a_hand_computed_case():
    # given: truth A A A B B, predicted A A B B A, confidences .9 .8 .6 .7 .55
    scores = np.array([[0.9, 0.1], [0.8, 0.2], [0.4, 0.6], [0.3, 0.7], [0.55, 0.45]])
    # when
    evaluation = evaluation_build(labels=["A", "B"], truth=["A", "A", "A", "B", "B"], scores=scores)
    # then: A: P 2/3 R 2/3; B: P 1/2 R 1/2
    assert evaluation.confusion == [[2, 1], [1, 1]]
    assert evaluation.per_class["A"].f1 == pytest.approx(2 / 3)
    assert evaluation.per_class["B"].precision == pytest.approx(0.5)
    assert evaluation.macro_f1 == pytest.approx((2 / 3 + 1 / 2) / 2)
    assert evaluation.accuracy == pytest.approx(0.6)
    assert evaluation.accuracy_at_70 == pytest.approx(0.75)  # 4 most confident: .9 .8 .7 right, .6 wrong
    assert evaluation.top3_accuracy == 1.0
    assert evaluation.coverage_curve[0].threshold == pytest.approx(0.9)
    assert evaluation.coverage_curve[-1].accuracy == pytest.approx(0.6)
    assert evaluation.threshold_for_precision(1.0) == pytest.approx(0.7)
    assert evaluation.threshold_for_precision(0.75) == pytest.approx(0.6)
    assert evaluation.threshold_for_precision(0.6) == pytest.approx(0.55)
    assert evaluation.to_dict()["thresholds"]["0.95"] == pytest.approx(0.7)
    report = evaluation_report(evaluation, train_seconds=1.5, messages_per_second=2500)
    assert "macro-F1               0.5833" in report
    assert "2,500 messages/s" in report


def test_threshold_for_precision_is_none_when_unreachable():
    # the most confident message is wrong: no threshold dispatches only right ones
    wrong_first = evaluation_build(
        labels=["A", "B"], truth=["B", "A", "A"], scores=np.array([[0.95, 0.05], [0.8, 0.2], [0.7, 0.3]])
    )
    assert wrong_first.threshold_for_precision(0.9) is None
    assert wrong_first.threshold_for_precision(0.6) == pytest.approx(0.7)
    # a threshold cannot split messages of equal confidence, one right and one wrong
    tied = evaluation_build(labels=["A", "B"], truth=["A", "B"], scores=np.array([[0.9, 0.1], [0.9, 0.1]]))
    assert tied.threshold_for_precision(1.0) is None


def test_evaluate_counts_a_category_the_classifier_never_saw_as_wrong(trained):
    evaluation = classifier_evaluate(trained, messages=[NEW[0][0], NEW[1][0]], labels=["交通", "民政"])
    assert evaluation.labels[-1] == "民政"
    assert evaluation.accuracy == pytest.approx(0.5)
    assert evaluation.per_class["民政"].recall == 0.0


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_messages_read_csv_needs_subject_and_detail(tmp_path):
    bad = write_csv(tmp_path / "bad.csv", ["id", "title", "content"], [["1", "公交车晚点", "等了很久"]])
    with pytest.raises(ValueError, match="subject, detail"):
        messages_read_csv(bad)
    unlabeled = write_csv(tmp_path / "u.csv", ["id", "subject", "detail"], [["1", "公交车晚点", "等了很久"]])
    assert messages_read_csv(unlabeled) == ([Message(subject="公交车晚点", detail="等了很久")], [])
    missing_label = write_csv(tmp_path / "m.csv", ["subject", "detail", "label"], [["公交车晚点", "等了很久", ""]])
    with pytest.raises(ValueError, match="line 2"):
        messages_read_csv(missing_label)


def test_routing_evaluate_reports_the_headline_numbers(tmp_path):
    messages, labels = corpus()
    header = ["id", "user", "subject", "time", "detail", "label"]
    rows = [
        [str(i), "u", m.subject, "2020-01-01T00:00:00", m.detail, label]
        for i, (m, label) in enumerate(zip(messages, labels, strict=True))
    ]
    train = write_csv(tmp_path / "train.csv", header, rows)
    test_rows = [[str(i), "u", m.subject, "", m.detail, label] for i, (m, label) in enumerate(NEW)]
    test = write_csv(tmp_path / "test.csv", header, test_rows)
    write_csv(
        tmp_path / "unlabeled.csv",
        ["subject", "detail"],
        [[m.subject, m.detail] for m, _label in NEW] + [["噪音", "工地噪音大"]],
    )
    # when
    report, numbers = routing_evaluate(train=train, test=test)
    # then: the test messages in unlabeled.csv are left out, the other one is used
    assert set(numbers) == {
        "macro_f1", "accuracy", "accuracy_at_70", "top3_accuracy", "train_seconds", "messages_per_second"
    }  # fmt: skip
    assert numbers["accuracy"] == 1.0
    assert numbers["messages_per_second"] > 0
    assert "32 labelled messages" in report and "1 unlabelled (4 left out" in report
