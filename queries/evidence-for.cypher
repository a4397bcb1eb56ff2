// name: evidence-for
// description: The sentences and articles behind every relation between two entities, one row per sentence.
// param: a: entity — one entity
// param: b: entity — the other entity
// mode: read
MATCH (:Key {key: $a})-[:KEY_OF]->(x)-[e:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF]-(y)<-[:KEY_OF]-(:Key {key: $b})
UNWIND range(0, size(e.evidence) - 1) AS i
WITH x, y, e, e.evidence[i] AS sentence, e.evidence_articles[i] AS article_id
OPTIONAL MATCH (art:Article {id: article_id})
RETURN x.name AS a, x.id AS a_id, type(e) AS relation, y.name AS b, y.id AS b_id,
       e.year AS year, e.confidence AS confidence, sentence, article_id,
       art.title AS article, art.published AS published
ORDER BY relation, article_id, sentence, a_id, b_id
