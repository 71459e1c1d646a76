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

# Eligibility parameters per honour (read by the eligibility checks; see DOMAIN §4).
CRITERIA = {
    "LDTT": {
        "min_rating": "good",
        "min_months_served": 6,
        "max_absence_months": 3,
        "disqualifying_discipline": "reprimand",
    },
    "CSTDCS": {
        "requires_title": "LDTT",
        "min_rating_alone": "excellent",
        "initiative_min_level": "grassroots",
    },
    "CSTDN": {"requires_title": "CSTDCS", "consecutive_years": 3, "initiative_min_level": "sector"},
    "CSTDTQ": {"requires_title": "CSTDN", "consecutive_times": 2},
    "TTLDTT": {"min_rating": "good", "min_share_of_members_with": {"LDTT": 50}},
    "TTLDXS": {
        "min_rating": "excellent",
        "min_share_of_members_with": {"LDTT": 70},
        "min_members_with": {"CSTDCS": 1},
        "disqualifying_discipline": "warning",
    },
    "CTDN": {"requires_title": "TTLDXS", "leads_cluster": True},
    "BKN": {
        "requires_title": "CSTDCS",
        "consecutive_years": 2,
        "or_excellent_years": 2,
        "or_initiatives": 2,
    },
    "BKTTG": {"requires_honour": "BKN", "good_years": 5, "titles_in_period": {"CSTDCS": 3}},
    "HCLD3": {
        "requires_honour": "BKTTG",
        "good_years": 5,
        "excellent_years": 1,
        "titles_in_period": {"CSTDCS": 3},
    },
    "KNC": {
        "service_years": 15,
        "leadership_years": 8,
        "reference_day": "07-26",
        "once_per_person": True,
    },
}
# What differs in the older rule set.
OVERRIDES = {
    "TT01-2019": {"LDTT": {"min_months_served": 10}},
}
QUOTAS = {"CSTDCS": 15, "TTLDXS": 20}


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
            HonourRule.objects.get_or_create(
                rule_set=rule_set,
                honour=honour,
                defaults={
                    "vote_threshold": threshold,
                    "vote_base": base,
                    "quorum": quorum,
                    "secret_ballot": secret,
                    "quota_percent": QUOTAS.get(honour_code),
                    "criteria": criteria,
                },
            )
