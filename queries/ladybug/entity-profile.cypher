// name: entity-profile
// description: Everything the graph states about one entity: each relation, its direction, year, confidence, source articles and evidence sentences.
// param: name: entity — the entity
// param: limit: int = 500 — most relations returned in each direction (a hub has thousands)
// mode: read
// LadybugDB: label(e) instead of type(e).
MATCH (:Key {key: $name})-[:KEY_OF]->(n)-[e:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF]->(m)
RETURN n.name AS entity, n.id AS entity_id, label(e) AS relation, 'out' AS direction,
       m.name AS other, m.id AS other_id, e.year AS year, e.confidence AS confidence,
       e.sources AS sources, e.evidence AS evidence
ORDER BY relation, other, other_id
LIMIT $limit
UNION ALL
MATCH (:Key {key: $name})-[:KEY_OF]->(n)<-[e:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF]-(m)
RETURN n.name AS entity, n.id AS entity_id, label(e) AS relation, 'in' AS direction,
       m.name AS other, m.id AS other_id, e.year AS year, e.confidence AS confidence,
       e.sources AS sources, e.evidence AS evidence
ORDER BY relation, other, other_id
LIMIT $limit
