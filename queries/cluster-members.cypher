// name: cluster-members
// description: Member companies and labs of a cluster (pôle de compétitivité), with the year membership is dated and its evidence.
// param: cluster: entity — the cluster
// param: limit: int = 200 — most rows returned
// mode: read
MATCH (:Key {key: $cluster})-[:KEY_OF]->(c:Cluster)<-[e:MEMBER_OF]-(m)
RETURN c.name AS cluster, c.id AS cluster_id, m.name AS member, m.id AS member_id,
       CASE WHEN m.id STARTS WITH 'company:' THEN 'Company'
            WHEN m.id STARTS WITH 'cluster:' THEN 'Cluster'
            ELSE 'Lab' END AS type,
       e.year AS year, size(e.evidence) AS evidence_count, size(e.sources) AS article_count
ORDER BY member, member_id, cluster_id
LIMIT $limit
