// name: single-source-facts
// description: Facts only one article supports, weakest first: the ones to verify before relying on them.
// param: max_confidence: float = 1.0 — only facts at or below this confidence
// param: limit: int = 50 — most rows returned
// mode: read
// LadybugDB: label(e) instead of type(e); no CALL subqueries and no property index, so this
// sorts every single-source fact (over the latency target on large graphs: docs/queries.md).
MATCH (s)-[e:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF]->(t)
WHERE e.source_count = 1 AND e.confidence <= $max_confidence
WITH label(e) AS relation, s, e, t
ORDER BY e.confidence, relation, s.id, t.id
LIMIT $limit
RETURN relation, s.name AS source, s.id AS source_id, t.name AS target, t.id AS target_id,
       e.confidence AS confidence, e.year AS year, e.sources AS sources, e.evidence AS evidence
