"""The honours catalogue of DOMAIN §3 and the starting rule sets of DOMAIN §4.

Loaded by a data migration and by `load_catalogue`; once loaded, administrators edit the values in
the admin. Values marked [verify] in DOMAIN.md are starting points, not law.
"""

# code, name (vi), name (en), family, recipient kind, conferred by, conferring level, rank
HONOURS = [
    (
        "HCLD1",
        "Huân chương Lao động hạng Nhất",
        "Labour Order, 1st class",
        "commendation",
        "both",
        "Chủ tịch nước",
        "higher",
        10,
    ),
    (
        "HCLD2",
        "Huân chương Lao động hạng Nhì",
        "Labour Order, 2nd class",
        "commendation",
        "both",
        "Chủ tịch nước",
        "higher",
        11,
    ),
    (
        "HCLD3",
        "Huân chương Lao động hạng Ba",
        "Labour Order, 3rd class",
        "commendation",
        "both",
        "Chủ tịch nước",
        "higher",
        12,
    ),
    (
        "CTDCP",
        "Cờ thi đua của Chính phủ",
        "Government Emulation Flag",
        "title",
        "collective",
        "Thủ tướng Chính phủ",
        "higher",
        20,
    ),
    (
        "CSTDTQ",
        "Chiến sĩ thi đua toàn quốc",
        "National Emulation Fighter",
        "title",
        "individual",
        "Thủ tướng Chính phủ",
        "higher",
        21,
    ),
    (
        "BKTTG",
        "Bằng khen của Thủ tướng Chính phủ",
        "Prime Minister's Certificate of Merit",
        "commendation",
        "both",
        "Thủ tướng Chính phủ",
        "higher",
        22,
    ),
    (
        "KNC",
        'Kỷ niệm chương "Vì sự nghiệp Kiểm sát"',
        'Commemorative Medal "For the Procuracy"',
        "commendation",
        "individual",
        "Viện trưởng VKSND tối cao",
        "higher",
        30,
    ),
    (
        "CTDN",
        "Cờ thi đua của VKSND tối cao",
        "Sector Emulation Flag",
        "title",
        "collective",
        "Viện trưởng VKSND tối cao",
        "higher",
        31,
    ),
    (
        "CSTDN",
        "Chiến sĩ thi đua ngành Kiểm sát nhân dân",
        "Sector Emulation Fighter",
        "title",
        "individual",
        "Viện trưởng VKSND tối cao",
        "higher",
        32,
    ),
    (
        "TTLDXS",
        "Tập thể lao động xuất sắc",
        "Excellent Collective",
        "title",
        "collective",
        "Viện trưởng VKSND tối cao",
        "higher",
        33,
    ),
    (
        "BKN",
        "Bằng khen của Viện trưởng VKSND tối cao",
        "Sector Certificate of Merit",
        "commendation",
        "both",
        "Viện trưởng VKSND tối cao",
        "higher",
        34,
    ),
    (
        "BKT",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Provincial Certificate of Merit",
        "commendation",
        "both",
        "Chủ tịch UBND tỉnh",
        "higher",
        40,
    ),
    (
        "CSTDCS",
        "Chiến sĩ thi đua cơ sở",
        "Grassroots Emulation Fighter",
        "title",
        "individual",
        "Thủ trưởng đơn vị",
        "agency",
        50,
    ),
    (
        "TTLDTT",
        "Tập thể lao động tiên tiến",
        "Advanced Collective",
        "title",
        "collective",
        "Thủ trưởng đơn vị",
        "agency",
        51,
    ),
    (
        "LDTT",
        "Lao động tiên tiến",
        "Advanced Worker",
        "title",
        "individual",
        "Thủ trưởng đơn vị",
        "agency",
        52,
    ),
    (
        "GK",
        "Giấy khen",
        "Certificate of Commendation",
        "commendation",
        "both",
        "Thủ trưởng đơn vị",
        "agency",
        60,
    ),
]

LAW_2013 = (
    "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013); Thông tư 01/2019/TT-VKSTC; NĐ 91/2017/NĐ-CP"
)
LAW_2022 = (
    "Luật Thi đua, khen thưởng số 06/2022/QH15; Thông tư 02/2024/TT-VKSTC; "
    "Nghị định 98/2023/NĐ-CP (từ 01/7/2025: Nghị định 152/2025/NĐ-CP)"
)

# code, name, first year, last year, sources
RULE_SETS = [
    ("TT01-2019", "Quy định đến năm 2023 (TT 01/2019/TT-VKSTC)", 2019, 2023, LAW_2013),
    (
        "LUAT-2022",
        "Quy định từ năm 2024 (Luật TĐKT 2022, TT 02/2024/TT-VKSTC)",
        2024,
        None,
        LAW_2022,
    ),
]

# Council vote per honour, the same in both rule sets unless `OVERRIDES` says otherwise:
# threshold %, base ("all" members or those "present"), quorum % of members, secret ballot.
DEFAULT_VOTE = (50, "all", 66.67, True)
VOTES = {
    "LDTT": (50, "present", 50, False),
    "TTLDTT": (50, "present", 50, False),
    "GK": (50, "present", 50, False),
    "CSTDCS": (80, "all", 66.67, True),
    "CSTDN": (90, "all", 66.67, True),
    "CSTDTQ": (90, "all", 66.67, True),
}

# Eligibility parameters per honour, read by `awards.eligibility` (see DOMAIN §4): every figure,
# rating level, initiative level and date the checks use is here, editable in the admin.
INITIATIVES_FROM_GRASSROOTS = ["grassroots", "sector", "province"]
CRITERIA = {
    "LDTT": {
        "min_rating": "good",
        "min_months_served": 6,
        "disqualifying_discipline": "reprimand",
    },
    "CSTDCS": {
        "requires_title": "LDTT",
        "min_rating_alone": "excellent",
        "initiative_levels": INITIATIVES_FROM_GRASSROOTS,
        # A unit head qualifies only if the unit is rated so, or holds one of these titles.
        "unit_head_leadership": ["ministry", "department"],
        "unit_head_unit_min_rating": "excellent",
        "unit_head_unit_titles": ["TTLDXS", "CTDN", "CTDCP"],
        "quota_base": "LDTT",
    },
    "CSTDN": {
        "requires_title": "CSTDCS",
        "consecutive_years": 3,
        "initiative_levels": ["sector"],
        "initiative_count": 1,
    },
    "CSTDTQ": {
        "requires_title": "CSTDN",
        "consecutive_times": 2,
        "cycle_years": 3,
        "initiative_levels": ["national"],
        "initiative_count": 1,
    },
    "TTLDTT": {
        "min_rating": "good",
        "member_title": "LDTT",
        "member_title_percent": 50,
        "member_title_strictly_more": True,
    },
    "TTLDXS": {
        "min_rating": "excellent",
        "members_min_rating": "completed",
        "member_title": "LDTT",
        "member_title_percent": 70,
        "member_title_strictly_more": False,
        "min_members_with": {"CSTDCS": 1},
        "disqualifying_discipline": "warning",
        "quota_base": "TTLDTT",
        "quota_minimum": 1,
    },
    "CTDN": {"requires_title": "TTLDXS", "leads_cluster": True},
    "BKN": {
        "requires_title": "CSTDCS",
        "consecutive_years": 2,
        "or_rating": "excellent",
        "or_excellent_years": 2,
        "or_initiatives": 2,
        "or_initiative_levels": INITIATIVES_FROM_GRASSROOTS,
        "after_previous": True,
    },
    "BKTTG": {
        "requires_honours": ["BKN", "BKT"],
        "good_years": 5,
        "min_rating": "good",
        "titles_in_period": {"CSTDCS": 3},
        "after_previous": True,
    },
    "HCLD3": {
        "requires_honours": ["BKTTG"],
        "good_years": 5,
        "min_rating": "good",
        "ratings_in_period": {"excellent": 1},
        "titles_in_period": {"CSTDCS": 3},
        "after_previous": True,
    },
    "KNC": {
        "service_years": 15,
        "reference_day": "07-26",
        "once_per_person": True,
        "leadership_years": 8,
        "leadership_categories": ["ministry", "department", "division"],
    },
}
# What differs in the older rule set.
OVERRIDES = {
    "TT01-2019": {"LDTT": {"min_months_served": 10}},
}
QUOTAS = {"CSTDCS": 15, "TTLDXS": 20}

# The legal source each rule set cites per honour, shown with every eligibility reason.
# [verify] where DOMAIN.md says so; editable in the admin like the rest.
SOURCES = {
    "LUAT-2022": {
        "LDTT": "Luật TĐKT 2022, Điều 24; TT 02/2024/TT-VKSTC, Điều 15",
        "CSTDCS": "Luật TĐKT 2022, Điều 23; TT 02/2024/TT-VKSTC, Điều 14",
        "CSTDN": "Luật TĐKT 2022, Điều 22",
        "CSTDTQ": "Luật TĐKT 2022, Điều 21",
        "TTLDTT": "Luật TĐKT 2022, Điều 28",
        "TTLDXS": "Luật TĐKT 2022, Điều 27; TT 02/2024/TT-VKSTC, Điều 18",
        "CTDN": "TT 02/2024/TT-VKSTC, Điều 17",
        "BKN": "Luật TĐKT 2022, Điều 74",
        "BKTTG": "Luật TĐKT 2022, Điều 73",
        "HCLD3": "Luật TĐKT 2022, Điều 44",
        "KNC": "TT 02/2024/TT-VKSTC, Điều 21",
    },
    "TT01-2019": {
        "LDTT": "Luật TĐKT 2003 (sửa đổi 2013), Điều 24; TT 01/2019/TT-VKSTC",
        "CSTDCS": "Luật TĐKT 2003 (sửa đổi 2013), Điều 23; NĐ 91/2017/NĐ-CP, Điều 9",
        "CSTDN": "Luật TĐKT 2003 (sửa đổi 2013), Điều 22; TT 01/2019/TT-VKSTC, Điều 16",
        "CSTDTQ": "Luật TĐKT 2003 (sửa đổi 2013), Điều 21",
        "TTLDTT": "Luật TĐKT 2003 (sửa đổi 2013), Điều 28",
        "TTLDXS": "Luật TĐKT 2003 (sửa đổi 2013), Điều 27",
        "CTDN": "TT 01/2019/TT-VKSTC, Điều 20",
        "BKN": "Luật TĐKT 2003 (sửa đổi 2013), Điều 72; NĐ 91/2017/NĐ-CP",
        "BKTTG": "Luật TĐKT 2003 (sửa đổi 2013), Điều 71; NĐ 91/2017/NĐ-CP",
        "HCLD3": "Luật TĐKT 2003 (sửa đổi 2013), Điều 44; NĐ 91/2017/NĐ-CP",
        "KNC": "TT 01/2019/TT-VKSTC",
    },
}


def load(apps):
    """Create or update the catalogue and rule sets; existing edits to rules are kept."""
    Honour = apps.get_model("records", "Honour")
    RuleSet = apps.get_model("records", "RuleSet")
    HonourRule = apps.get_model("records", "HonourRule")
    honours = {}
    for code, name, name_en, family, kind, by, level, rank in HONOURS:
        honours[code], _ = Honour.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "family": family,
                "recipient_kind": kind,
                "conferred_by": by,
                "conferring_level": level,
                "rank": rank,
            },
        )
    for code, name, first, last, sources in RULE_SETS:
        rule_set, _ = RuleSet.objects.get_or_create(
            code=code,
            defaults={"name": name, "first_year": first, "last_year": last, "sources": sources},
        )
        for honour_code, honour in honours.items():
            threshold, base, quorum, secret = VOTES.get(honour_code, DEFAULT_VOTE)
            criteria = dict(CRITERIA.get(honour_code, {}))
            criteria.update(OVERRIDES.get(code, {}).get(honour_code, {}))
            rule, created = HonourRule.objects.get_or_create(
                rule_set=rule_set,
                honour=honour,
                defaults={
                    "vote_threshold": threshold,
                    "vote_base": base,
                    "quorum": quorum,
                    "secret_ballot": secret,
                    "quota_percent": QUOTAS.get(honour_code),
                    "criteria": criteria,
                    "source": SOURCES.get(code, {}).get(honour_code, ""),
                },
            )
            if not created:
                # New parameters and citations are added; values edited in the admin are kept.
                merged = {**criteria, **rule.criteria}
                source = rule.source or SOURCES.get(code, {}).get(honour_code, "")
                if merged != rule.criteria or source != rule.source:
                    rule.criteria, rule.source = merged, source
                    rule.save(update_fields=["criteria", "source"])
