"""The directory, a cluster page and the partner list run a constant number of SQL statements,
whatever the number of clusters and members."""

from __future__ import annotations

from tests.factories import bulk_clusters, index_everything


def queries_for(client, count_queries, path: str) -> int:
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200, path
    return counter.count


def test_directory_page_queries_do_not_grow_with_clusters(client, count_queries):
    bulk_clusters(10)
    small = queries_for(client, count_queries, "/clusters")
    small_filtered = queries_for(client, count_queries, "/clusters?shore=north&sector=textiles")
    bulk_clusters(190, start=10)
    assert queries_for(client, count_queries, "/clusters") == small
    assert queries_for(client, count_queries, "/clusters?shore=north&sector=textiles") == (
        small_filtered)
    assert small <= 12


def test_directory_api_queries_do_not_grow_with_clusters(client, count_queries):
    bulk_clusters(10)
    small = queries_for(client, count_queries, "/api/v1/clusters?per_page=100")
    bulk_clusters(190, start=10)
    assert queries_for(client, count_queries, "/api/v1/clusters?per_page=100") == small


def test_cluster_page_queries_do_not_grow_with_clusters_or_members(client, count_queries):
    bulk_clusters(10, members_each=2)
    small = queries_for(client, count_queries, "/clusters/bulk-0")
    small_members = queries_for(client, count_queries, "/clusters/bulk-0/members")
    bulk_clusters(190, start=10)
    bulk_clusters(1, members_each=120, start=500)
    assert queries_for(client, count_queries, "/clusters/bulk-0") == small
    assert queries_for(client, count_queries, "/clusters/bulk-500") == small
    assert queries_for(client, count_queries, "/clusters/bulk-500/members") == small_members
    assert small <= 15


def test_partners_api_queries_do_not_grow_with_clusters(client, count_queries):
    bulk_clusters(10)
    small = queries_for(client, count_queries, "/api/v1/clusters/bulk-0/partners")
    bulk_clusters(190, start=10)
    assert queries_for(client, count_queries, "/api/v1/clusters/bulk-0/partners") == small


def test_cluster_api_queries_do_not_grow_with_members(client, count_queries):
    bulk_clusters(1, members_each=2)
    bulk_clusters(1, members_each=150, start=1)
    assert (queries_for(client, count_queries, "/api/v1/clusters/bulk-0")
            == queries_for(client, count_queries, "/api/v1/clusters/bulk-1"))
    assert (queries_for(client, count_queries, "/api/v1/clusters/bulk-0/members?per_page=100")
            == queries_for(client, count_queries, "/api/v1/clusters/bulk-1/members?per_page=100"))


def test_directory_search_queries_do_not_grow_with_clusters(client, count_queries):
    bulk_clusters(10)
    index_everything()
    paths = ("/clusters?q=olive+textile&shore=north", "/api/v1/clusters?q=olive&per_page=100")
    small = [queries_for(client, count_queries, path) for path in paths]
    assert "Bulk cluster 0" in client.get(paths[0]).get_data(as_text=True)
    bulk_clusters(190, start=10)
    index_everything()
    assert [queries_for(client, count_queries, path) for path in paths] == small
