// name: connection-path
// description: A shortest chain of relations (partnership, location, exhibition, membership) between two entities, up to 4 hops; when several tie, the engine picks one.
// param: from: entity — where the path starts
// param: to: entity — where it ends
// mode: read
// python: graph.query_functions:connection_path
// LadybugDB runs the function named above, a search from both ends (docs/queries.md has
// the figures). It gives the rows of the Cypher below, which stays as the reference and is
// what `kg query show` prints, except that of tied shortest paths it takes the first by node
// ids, then relation types (the first row of `ALL SHORTEST` in this order), not any one.
// LadybugDB: `* SHORTEST` instead of shortestPath(), properties() over nodes/rels
// instead of list comprehensions, label() instead of type(), list_to_string()
// instead of reduce() for the ordering key (lists cannot be ordered). Endpoints are filtered
// in the path pattern itself: anchoring them in earlier MATCH/WITH clauses makes LadybugDB
// search from every node (over 10 s on the 100k-entity bench graph instead of 0.5 s).
MATCH (:Key {key: $from})-[:KEY_OF]->(a), (:Key {key: $to})-[:KEY_OF]->(b),
      p = (a)-[:PARTNERS_WITH|LOCATED_IN|EXHIBITS_AT|MEMBER_OF* SHORTEST 1..4]-(b)
WHERE b.id <> a.id
WITH length(p) AS hops, properties(nodes(p), 'name') AS path, properties(nodes(p), 'id') AS node_ids,
     properties(rels(p), '_label') AS relations
WITH hops, path, node_ids, relations, list_to_string(' ', node_ids) AS path_key
RETURN hops, path, node_ids, relations
ORDER BY hops, path_key
