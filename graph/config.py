"""Where the graph lives: engine and connection settings from flags, then environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

ENGINES = ("ladybug", "neo4j")
DEFAULT_DB = Path("kg-data") / "graph.lbdb"


@dataclass(frozen=True)
class Settings:
    engine: str = "ladybug"
    db_path: Path = DEFAULT_DB
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = "kg-password"
    neo4j_database: str | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        settings = cls(
            engine=env.get("KG_ENGINE", cls.engine),
            db_path=Path(env.get("KG_DB", str(DEFAULT_DB))),
            neo4j_uri=env.get("NEO4J_URI", cls.neo4j_uri),
            neo4j_user=env.get("NEO4J_USER", cls.neo4j_user),
            neo4j_password=env.get("NEO4J_PASSWORD", cls.neo4j_password),
            neo4j_database=env.get("NEO4J_DATABASE") or None,
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given)  # type: ignore[arg-type]
