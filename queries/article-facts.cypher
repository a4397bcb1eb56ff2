// name: article-facts
// description: What one article contributed: every relation it states, with the sentences it states them in.
// param: article: article — the article
// mode: read
MATCH (a:Article {id: $article})-[:MENTIONS]->(n)-[e:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF]->(m)
WHERE $article IN e.sources
UNWIND range(0, size(e.evidence) - 1) AS i
WITH a, n, e, m, i
WHERE e.evidence_articles[i] = $article
RETURN a.title AS article, a.published AS published, a.id AS article_id, type(e) AS relation, n.name AS source, n.id AS source_id,
       m.name AS target, m.id AS target_id, e.year AS year, e.confidence AS confidence,
       e.evidence[i] AS sentence
ORDER BY relation, source_id, target_id, sentence
