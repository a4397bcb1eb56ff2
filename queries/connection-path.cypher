// name: connection-path
// description: A shortest chain of relations (partnership, location, exhibition, membership) between two entities, up to 4 hops; when several tie, the engine picks one.
// param: from: entity — where the path starts
// param: to: entity — where it ends
// mode: read
MATCH (:Key {key: $from})-[:KEY_OF]->(a)
MATCH (:Key {key: $to})-[:KEY_OF]->(b)
WHERE b.id <> a.id
MATCH p = shortestPath((a)-[:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF*..4]-(b))
WITH length(p) AS hops, [n IN nodes(p) | n.name] AS path, [n IN nodes(p) | n.id] AS node_ids,
     [r IN relationships(p) | type(r)] AS relations,
     reduce(k = '', n IN nodes(p) | k + n.id + ' ') AS path_key
RETURN hops, path, node_ids, relations
ORDER BY hops, path_key
