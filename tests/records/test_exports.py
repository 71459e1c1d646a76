from records.exports import safe_cell, safe_row


def test_formula_like_text_is_neutralised_and_everything_else_kept():
    assert safe_row(["=1+2", "+84 912", "-cmd", "@SUM(A1)", "\tx"]) == [
        "'=1+2",
        "'+84 912",
        "'-cmd",
        "'@SUM(A1)",
        "'\tx",
    ]
    assert safe_row(["Nguyễn Văn An", 15, -3, None, ""]) == ["Nguyễn Văn An", 15, -3, None, ""]
    assert safe_cell("1/QĐ-VKS") == "1/QĐ-VKS"
