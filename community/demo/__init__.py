"""Demo data from the seed article (`shared/seed/000_626e12be67796f94.txt`): the MENA clusters of
the "Cluster Mentoring Reloaded" programme, EU mentor clusters from France, Italy and Spain,
and members with names of the region. `load_demo()` is idempotent: records are found by
username and slug, and only missing ones are created.

Every demo account has the password `mediterranean-demo` (DEMO_PASSWORD). The rows are in
`data.py`, the loader in `load.py`."""

from community.demo.data import CLUSTERS, DEMO_PASSWORD, USERS
from community.demo.load import load_demo

__all__ = ["CLUSTERS", "DEMO_PASSWORD", "USERS", "load_demo"]
