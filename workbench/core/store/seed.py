"""The rows every new project starts with: its details, the first coder, and the built-in
source types and interaction types (named in the project's language, matched by a stable key)."""
from __future__ import annotations


from .database import Database, utc_now

# key: (Chinese name, English name)
SOURCE_TYPES: dict[str, tuple[str, str]] = {
    "news": ("新闻报道", "news"),
    "policy": ("政策文件", "policy document"),
    "screenshot": ("网站截图", "website screenshot"),
    "interview": ("访谈", "interview"),
    "statistics": ("统计资料", "statistics"),
    "literature": ("文献", "literature"),
    "other": ("其他", "other"),
}

# key: (Chinese name, English name, sign, line style)
INTERACTION_TYPES: dict[str, tuple[str, str, int, str]] = {
    "promotes": ("促进", "promotes", 1, "solid"),
    "constrains": ("制约", "constrains", -1, "dashed"),
    "supports": ("支撑", "supports", 1, "solid"),
    "condition": ("是…的条件", "is a condition of", 1, "dotted"),
    "positive_feedback": ("正反馈", "positive feedback", 1, "solid"),
    "negative_feedback": ("负反馈", "negative feedback", -1, "dashed"),
}


def localized(names: tuple, language: str) -> str:
    return names[0] if language == "zh" else names[1]


def seed_rows(db: Database, *, title: str, language: str, coder: str, framework: str) -> None:
    import uuid  # loaded when first used: the listing commands start without it

    now = utc_now()
    conn = db.conn
    coder_id = conn.execute(
        "INSERT INTO coders (guid, name, created) VALUES (?, ?, ?)", (str(uuid.uuid4()), coder, now)
    ).lastrowid
    conn.execute(
        "INSERT INTO project_info (id, guid, title, language, framework, current_coder_id, created)"
        " VALUES (1, ?, ?, ?, ?, ?, ?)",
        (str(uuid.uuid4()), title, language, framework, coder_id, now),
    )
    for position, (key, names) in enumerate(SOURCE_TYPES.items()):
        conn.execute(
            "INSERT INTO source_types (guid, key, name, position) VALUES (?, ?, ?, ?)",
            (str(uuid.uuid4()), key, localized(names, language), position),
        )
    for position, (key, (zh, en, sign, style)) in enumerate(INTERACTION_TYPES.items()):
        conn.execute(
            "INSERT INTO interaction_types (guid, key, name, sign, line_style, position) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), key, zh if language == "zh" else en, sign, style, position),
        )
