"""Who is in which room in the chat benchmark: the sizes of each scenario, quick and full, and
the seeded bench users (`bench00001`…, `flask bench seed`) each room is made of. Pure data:
the fixtures (which make the rooms in the database) and the runner (which hands sockets to the
load client) both read it."""

from __future__ import annotations

from dataclasses import dataclass

USER_PREFIX = "bench"  # the seeded users: adding users of our own would skew the pages
TOKEN_NAME = "chatbench"
PASSWORD = "bench-password-1"  # the seeded users' password; nobody signs in with it here


def username(number: int) -> str:
    return f"{USER_PREFIX}{number:05d}"


@dataclass(frozen=True)
class RoomPlan:
    """One chat room of the benchmark: its name and the numbers of its members' users."""

    key: str
    name: str
    first_user: int
    size: int

    @property
    def users(self) -> range:
        return range(self.first_user, self.first_user + self.size)


@dataclass(frozen=True)
class Layout:
    """Scenario sizes: many 100-member rooms (the 10,000-socket scenario, also used for memory
    per idle socket), one big fan-out room, one small room for persisted messages per second.
    Each room takes the first users (the seeded data has 10,000): a user is in one of the
    100-member rooms and maybe in the big and the small room, which carry no traffic while
    another scenario runs."""

    small_rooms: int
    small_size: int
    fanout_size: int
    persist_size: int

    @classmethod
    def for_run(cls, quick: bool) -> Layout:
        if quick:
            return cls(small_rooms=5, small_size=100, fanout_size=200, persist_size=10)
        return cls(small_rooms=100, small_size=100, fanout_size=1000, persist_size=10)

    @property
    def small(self) -> list[RoomPlan]:
        return [RoomPlan(f"small{i:03d}", f"Bench chat {self.small_size} #{i:03d}",
                         1 + i * self.small_size, self.small_size)
                for i in range(self.small_rooms)]

    @property
    def fanout(self) -> RoomPlan:
        return RoomPlan("fanout", f"Bench chat fan-out {self.fanout_size}", 1, self.fanout_size)

    @property
    def persist(self) -> RoomPlan:
        return RoomPlan("persist", f"Bench chat persisted {self.persist_size}", 1,
                        self.persist_size)

    @property
    def rooms(self) -> list[RoomPlan]:
        return [*self.small, self.fanout, self.persist]

    @property
    def user_count(self) -> int:
        return max(plan.first_user + plan.size - 1 for plan in self.rooms)
