"""Partners across the sea are stored when a cluster changes what matching reads (needs,
sectors, shore, status) and read back as the pages and the API show them."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa
from flask import current_app

from community.clusters import services
from community.clusters.partners import refresh_all_partners, stored_partners
from community.extensions import db
from community.models import Cluster, ClusterPartner
from tests.factories import make_cluster, site_moderator

OLIVE_SEEK = {"text": "Distribution partner in the EU for olive oil",
              "tags": ["olive oil", "distribution"]}
OLIVE_OFFER = {"text": "Olive oil distribution network in the EU",
               "tags": ["olive oil", "distribution"]}


def pairs() -> set[tuple[str, str]]:
    """The stored (cluster, partner) pairs, by slug."""
    partner = sa.orm.aliased(Cluster)
    return set(db.session.execute(
        sa.select(Cluster.slug, partner.slug).select_from(ClusterPartner)
        .join(Cluster, Cluster.id == ClusterPartner.cluster_id)
        .join(partner, partner.id == ClusterPartner.partner_id)).all())


def decide(cluster, approve: bool) -> None:
    """A moderator's decision, as its route makes it (the notification links need a request)."""
    with current_app.test_request_context():
        services.decide_cluster(site_moderator(), cluster, approve=approve,
                                reason="" if approve else "Not a cluster.")
        db.session.commit()


def two_shores(member, other_member):
    tunisian = make_cluster(member, "Huile Nord-Ouest", country="TN", sectors=["furniture"],
                            seeks=[OLIVE_SEEK])
    spanish = make_cluster(other_member, "Andalusian Olive Oil", country="ES",
                           sectors=["olive-oil"])
    return tunisian, spanish


def test_need_edit_stores_the_new_partner(member, other_member):
    tunisian, spanish = two_shores(member, other_member)
    assert pairs() == set()
    services.update_cluster(other_member, spanish, offers=[OLIVE_OFFER])
    db.session.commit()
    assert pairs() == {("huile-nord-ouest", "andalusian-olive-oil"),
                       ("andalusian-olive-oil", "huile-nord-ouest")}
    [stored] = stored_partners(tunisian, for_member=True, matches_only=True)
    assert stored.cluster == spanish
    assert stored.plain_reason_texts() == [
        "Offers “Olive oil distribution network in the EU” matching your need "
        "“Distribution partner in the EU for olive oil”"]


def test_need_removed_drops_the_stored_partner(member, other_member):
    tunisian, spanish = two_shores(member, other_member)
    services.update_cluster(other_member, spanish, offers=[OLIVE_OFFER])
    db.session.commit()
    services.update_cluster(member, tunisian, seeks=[])
    db.session.commit()
    assert pairs() == set()


def test_sector_edit_stores_a_shared_sector(member, other_member):
    tunisian, spanish = two_shores(member, other_member)
    services.update_cluster(member, tunisian, sectors=["olive-oil"])
    db.session.commit()
    [stored] = stored_partners(spanish, matches_only=True)
    assert stored.plain_reason_texts() == ["Shared sector: Olive oil"]


def test_moving_to_the_same_shore_drops_the_partner(member, other_member):
    tunisian, spanish = two_shores(member, other_member)
    services.update_cluster(other_member, spanish, offers=[OLIVE_OFFER])
    db.session.commit()
    services.update_cluster(other_member, spanish, country="MA")
    db.session.commit()
    assert pairs() == set()


def test_rejected_cluster_is_no_ones_partner(member, other_member):
    _tunisian, spanish = two_shores(member, other_member)
    services.update_cluster(other_member, spanish, offers=[OLIVE_OFFER])
    db.session.commit()
    decide(spanish, approve=False)
    assert pairs() == set()


def test_pending_cluster_gets_partners_when_approved(member, other_member):
    make_cluster(member, "Huile Nord-Ouest", country="TN", seeks=[OLIVE_SEEK])
    spanish = make_cluster(other_member, "Andalusian Olive Oil", country="ES",
                           offers=[OLIVE_OFFER], status="pending")
    assert pairs() == set()
    decide(spanish, approve=True)
    assert ("huile-nord-ouest", "andalusian-olive-oil") in pairs()


def test_refresh_all_stores_what_the_writes_stored(member, other_member):
    tunisian, spanish = two_shores(member, other_member)
    services.update_cluster(other_member, spanish, offers=[OLIVE_OFFER])
    db.session.commit()
    written = {(row.cluster_id, row.partner_id, row.score, str(row.reasons))
               for row in db.session.scalars(sa.select(ClusterPartner))}
    assert refresh_all_partners() == 2
    db.session.commit()
    assert {(row.cluster_id, row.partner_id, row.score, str(row.reasons))
            for row in db.session.scalars(sa.select(ClusterPartner))} == written


def test_refresh_partners_command_fills_the_table(runner, member, other_member):
    _tunisian, spanish = two_shores(member, other_member)
    services.update_cluster(other_member, spanish, offers=[OLIVE_OFFER])
    db.session.commit()
    db.session.execute(sa.delete(ClusterPartner))
    db.session.commit()
    result = runner.invoke(args=["clusters", "refresh-partners"])
    assert "Stored 2 partner pair(s)." in result.output
    assert len(pairs()) == 2


def test_partners_page_shows_a_need_edit_at_once(client, auth, member, other_member):
    tunisian, spanish = two_shores(member, other_member)
    auth.login(member)
    assert "Andalusian Olive Oil" not in client.get(
        "/clusters/huile-nord-ouest/partners").get_data(as_text=True)
    services.update_cluster(other_member, spanish, offers=[OLIVE_OFFER])
    db.session.commit()
    html = client.get("/clusters/huile-nord-ouest/partners").get_data(as_text=True)
    assert "Andalusian Olive Oil" in html and "matching your need" in html


def _save_needs(app, username: str, slug: str, needs: dict, holding, release, outcome) -> None:
    """A manager saves her cluster's needs in her own request (thread, session, connection);
    with `holding`, she keeps her transaction open until `release`."""
    with app.app_context(), app.test_request_context():
        try:
            user = services.find_user(username)
            services.update_cluster(user, services.find_cluster(slug, user), **needs)
            if holding is not None:
                holding.set()
                release.wait(10)
            db.session.commit()
            outcome[username] = "saved"
        except Exception as error:  # noqa: BLE001 - the test reports what broke
            outcome[username] = repr(error)
        finally:
            db.session.remove()


@pytest.mark.postgres_only
def test_two_shores_saved_at_once_both_save_and_pair(app, member, other_member):
    two_shores(member, other_member)
    holding, release, outcome = threading.Event(), threading.Event(), {}
    first = threading.Thread(target=_save_needs, args=(
        app, "karim", "andalusian-olive-oil", {"offers": [OLIVE_OFFER]}, holding, release,
        outcome))
    first.start()
    assert holding.wait(10)
    second = threading.Thread(target=_save_needs, args=(
        app, "amina", "huile-nord-ouest", {"seeks": [OLIVE_SEEK, {"text": "Export finance"}]},
        None, release, outcome))
    second.start()
    time.sleep(0.3)  # the second save reaches the refresh lock (or fails without it)
    release.set()
    first.join(10)
    second.join(10)
    assert outcome == {"karim": "saved", "amina": "saved"}
    assert pairs() == {("huile-nord-ouest", "andalusian-olive-oil"),
                       ("andalusian-olive-oil", "huile-nord-ouest")}


def test_refresh_if_empty_fills_a_table_left_empty_by_the_upgrade(app, member, other_member):
    tunisian, spanish = two_shores(member, other_member)
    services.update_cluster(other_member, spanish, offers=[OLIVE_OFFER])
    db.session.commit()
    db.session.execute(sa.delete(ClusterPartner))  # as the migration leaves it
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["clusters", "refresh-partners", "--if-empty"])
    assert "Stored 2 partner pair(s)." in result.output
    again = app.test_cli_runner().invoke(args=["clusters", "refresh-partners", "--if-empty"])
    assert "Partners already stored." in again.output
    assert len(pairs()) == 2
