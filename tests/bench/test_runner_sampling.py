"""The URLs the runner gives wrk: random, reproducible, and every one a page that answers 200
(a page a visitor may not read is never sampled)."""

import pytest

from bench.harness import sampling
from tests.factories import (
    cluster_forum,
    index_everything,
    make_category,
    make_cluster,
    make_thread,
    make_user,
)


@pytest.fixture
def site(admin, member):
    manager = make_user("salma", country="MA")
    public = make_cluster(manager, "Agrinov", members=[member])
    secret = make_cluster(manager, "Secret Lab", forum_visibility="members", members=[member])
    general = make_category(admin, "General")
    threads = [make_thread(member, general, f"General {n}") for n in range(3)]
    threads.append(make_thread(member, cluster_forum(public), "Open talk"))
    hidden = make_thread(member, cluster_forum(secret), "Members only")
    index_everything()
    return {"threads": threads, "hidden": hidden}


def test_sampled_paths_cover_every_page(app, site):
    paths = sampling.sample_paths(app, ["olive"], count=10)
    assert set(paths) == set(sampling.PAGES)
    assert all(paths[page] for page in sampling.PAGES)


def test_sampled_paths_all_answer_200_to_a_visitor(app, client, site):
    paths = sampling.sample_paths(app, ["General"], count=10)
    for page, page_paths in paths.items():
        for path in page_paths:
            assert client.get(path).status_code == 200, f"{page}: {path}"


def test_members_only_threads_are_never_sampled(app, site):
    paths = sampling.sample_paths(app, ["olive"], count=100)
    assert f"/threads/{site['hidden'].id}" not in paths["thread"]
    assert sorted(paths["thread"]) == sorted(f"/threads/{t.id}" for t in site["threads"])
    assert "/forums/c/secret-lab" not in paths["thread_list"]


def test_sampling_is_random_but_reproducible(app, site):
    first = sampling.sample_paths(app, ["olive"], count=2, seed=1)
    again = sampling.sample_paths(app, ["olive"], count=2, seed=1)
    assert first == again
    assert len(first["thread"]) == 2


def test_path_files_hold_a_path_a_line(app, site, tmp_path):
    files = sampling.write_path_files({"thread": ["/threads/1", "/threads/2"]}, tmp_path)
    assert files["thread"].read_text().splitlines() == ["/threads/1", "/threads/2"]
