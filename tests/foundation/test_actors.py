"""actors(n) hands out independent sessions that really run concurrently."""

from __future__ import annotations

from collections.abc import Callable

from fleetdb.races import Actors


def test_actors_block_on_each_other_and_the_server_says_so(actors: Callable[[int], Actors]) -> None:
    race = actors(2)
    assert race.pid(0) != race.pid(1)
    race[0].execute("BEGIN")
    race[0].execute("SELECT * FROM shared.currencies WHERE code = 'EUR' FOR UPDATE")
    waiting = race.submit(1, "UPDATE shared.currencies SET name = 'Euro' WHERE code = 'EUR' RETURNING code")
    assert race.wait_until_blocked(1) == [race.pid(0)]
    assert not waiting.done()
    race[0].execute("COMMIT")
    assert waiting.result(timeout=10) == [("EUR",)]
    assert race.blocking_pids(1) == []
