"""Reference data of the initiatives app: the allowed total of shares and the initiative
council's default scoring criteria (editable afterwards in the administration)."""

CRITERIA = [
    ("novelty", "Tính mới", 30, 1),
    ("applicability", "Khả năng áp dụng", 30, 2),
    ("effect", "Hiệu quả", 40, 3),
]


def load(apps):
    """Create what is missing; criteria already there keep their edits."""
    apps.get_model("initiatives", "ShareTotal").objects.get_or_create(value=100)
    criterion = apps.get_model("initiatives", "Criterion")
    for code, name, max_points, position in CRITERIA:
        criterion.objects.get_or_create(
            code=code, defaults={"name": name, "max_points": max_points, "position": position}
        )
