// name: single-source-facts
// description: Facts only one article supports, weakest first: the ones to verify before relying on them.
// param: max_confidence: float = 1.0 — only facts at or below this confidence
// param: limit: int = 50 — most rows returned
// mode: read
// LadybugDB: label(e) instead of type(e); and two steps, since it has no property index and
// sorting every single-source fact edge takes 120-420 ms on the 100k-entity bench graph. The
// first step finds, from a node scan, the $limit entities whose weakest single-source fact
// (weakest_single_source, kept by every write) comes first; the weakest $limit facts all
// start from those, as the rows are ordered by confidence and then source. As a parameter,
// their ids filter the second step's scan: computed in the same statement, they would be
// applied only after every fact edge is joined.
MATCH (s) WHERE s.weakest_single_source <= $max_confidence
RETURN s.id AS source_ids
ORDER BY s.weakest_single_source, source_ids
LIMIT $limit;

MATCH (s)-[e:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF]->(t)
WHERE s.id IN $source_ids AND e.source_count = 1 AND e.confidence <= $max_confidence
WITH label(e) AS relation, s, e, t
ORDER BY e.confidence, s.id, relation, t.id
LIMIT $limit
RETURN relation, s.name AS source, s.id AS source_id, t.name AS target, t.id AS target_id,
       e.confidence AS confidence, e.year AS year, e.sources AS sources, e.evidence AS evidence
