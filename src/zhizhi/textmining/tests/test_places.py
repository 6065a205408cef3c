"""Place and object names found in appeal text."""

from zhizhi.textmining.places import place_core, place_is_division, place_is_named, place_mentions


def test_estate_and_districts_are_found_without_the_words_around_them() -> None:
    found = place_mentions("A市A3区中海国际社区三期与四期中间空地夜间施工噪音扰民")

    assert "中海国际社区" in found
    assert {"A市", "A3区"} <= set(found)
    assert not any("施工" in name or "空地" in name for name in found)


def test_joined_names_come_longest_first_and_once() -> None:
    found = place_mentions("投诉A市伊景园滨河苑捆绑销售车位，伊景园滨河苑的业主都不同意")

    assert found[0] == "伊景园滨河苑"
    assert {"伊景园", "滨河苑"} <= set(found)
    assert len(found) == len(set(found))
    assert [len(name) for name in found] == sorted((len(name) for name in found), reverse=True)


def test_roads_villages_and_towns_are_cut_at_function_and_complaint_words() -> None:
    found = set(place_mentions("反映A7县春华镇金鼎村水泥路到户的问题，家住中山区人民路55号"))

    assert {"A7县", "春华镇", "金鼎村", "中山区", "人民路"} <= found
    assert not any(name.startswith(("反映", "家住")) for name in found)
    assert place_mentions("反映桃花苑小区垃圾站臭味问题")[0] == "桃花苑小区"
    assert place_mentions("我家住在梅林路附近")[0] == "梅林路"


def test_words_that_merely_contain_a_suffix_are_not_places() -> None:
    assert place_mentions("请尽快安装路灯，村民出行不便") == []
    assert place_mentions("城市管理需要加强") == []


def test_a_bare_object_is_kept_and_marked_as_unnamed() -> None:
    found = place_mentions("A市丽发新城违建搅拌站，彻夜施工扰民")

    assert {"丽发新城", "搅拌站"} <= set(found)
    assert place_is_named("丽发新城")
    assert not place_is_named("搅拌站")


def test_core_and_division() -> None:
    assert place_core("魅力之城小区") == "魅力之城"
    assert place_core("A3区") == "A3区"
    assert place_is_division("A3区")
    assert place_is_division("中山区")
    assert not place_is_division("中海国际社区")
