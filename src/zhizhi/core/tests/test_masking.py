from zhizhi.core.masking import mask, mask_address, mask_id_number, mask_name, mask_phone


def test_id_number_keeps_first_six_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_phone_keeps_three_and_four():
    assert mask_phone("13812345678") == "138****5678"


def test_name_keeps_surname():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳修文") == "欧***"
    assert mask_name("李") == "李*"


def test_address_is_cut_at_street_level():
    assert mask_address("示范市中山区城关街道解放路12号3栋402室") == "示范市中山区城关街道***"
    assert mask_address("青溪县桃源镇上村5组") == "青溪县桃源镇***"
    assert mask_address("示范市解放路12号") == "示范市解放路***"


def test_mask_by_kind_and_empty_values():
    assert mask("phone", None) == ""
    assert mask("id_number", "110105194912310021") == "110105********0021"
