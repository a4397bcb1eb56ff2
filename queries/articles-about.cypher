// name: articles-about
// description: Articles that mention an entity, newest first, with the name they use for it.
// param: name: entity — the entity
// param: limit: int = 50 — most rows returned
// mode: read
MATCH (:Key {key: $name})-[:KEY_OF]->(n)<-[m:MENTIONS]-(a:Article)
RETURN n.name AS entity, n.id AS entity_id, a.title AS article, a.id AS article_id,
       a.published AS published, a.url AS url, m.name AS mentioned_as
ORDER BY published DESC, article_id, entity_id
LIMIT $limit
