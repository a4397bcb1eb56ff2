// name: single-source-facts
// description: Facts only one article supports, weakest first: the ones to verify before relying on them.
// param: max_confidence: float = 1.0 — only facts at or below this confidence
// param: limit: int = 50 — most rows returned
// mode: read
// One branch per relation type, each reading its (source_count, confidence) index in order
// (hence source_count, a constant here, heads each ORDER BY) and stopping after $limit rows.
CALL () {
  MATCH (s)-[e:PARTNERS_WITH]->(t) WHERE e.source_count = 1 AND e.confidence <= $max_confidence
  RETURN 'PARTNERS_WITH' AS relation, s, e, t ORDER BY e.source_count, e.confidence, s.id, t.id LIMIT $limit
  UNION ALL
  MATCH (s)-[e:LOCATED_IN]->(t) WHERE e.source_count = 1 AND e.confidence <= $max_confidence
  RETURN 'LOCATED_IN' AS relation, s, e, t ORDER BY e.source_count, e.confidence, s.id, t.id LIMIT $limit
  UNION ALL
  MATCH (s)-[e:EXHIBITS_AT]->(t) WHERE e.source_count = 1 AND e.confidence <= $max_confidence
  RETURN 'EXHIBITS_AT' AS relation, s, e, t ORDER BY e.source_count, e.confidence, s.id, t.id LIMIT $limit
  UNION ALL
  MATCH (s)-[e:MEMBER_OF]->(t) WHERE e.source_count = 1 AND e.confidence <= $max_confidence
  RETURN 'MEMBER_OF' AS relation, s, e, t ORDER BY e.source_count, e.confidence, s.id, t.id LIMIT $limit
}
WITH relation, s, e, t ORDER BY e.confidence, s.id, relation, t.id LIMIT $limit
RETURN relation, s.name AS source, s.id AS source_id, t.name AS target, t.id AS target_id,
       e.confidence AS confidence, e.year AS year, e.sources AS sources, e.evidence AS evidence
