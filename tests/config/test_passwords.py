"""Password hashing keeps Django's strength and runs at most N at once across processes."""

import multiprocessing
import time

from django.contrib.auth.hashers import (
    PBKDF2PasswordHasher,
    check_password,
    get_hasher,
    make_password,
)

from config.passwords import BudgetedPBKDF2PasswordHasher, HashingSlots


def _hold_a_slot(directory, slots, log, hold_seconds):
    with HashingSlots(directory, slots, wait_seconds=60).slot() as got:
        log.put(("in", time.monotonic(), got))
        time.sleep(hold_seconds)
        log.put(("out", time.monotonic(), got))


def _most_at_once(events) -> int:
    inside = most = 0
    for kind, _at, _got in sorted(events, key=lambda event: (event[1], event[0] == "in")):
        inside += 1 if kind == "in" else -1
        most = max(most, inside)
    return most


def test_it_lets_no_more_than_the_slots_hash_at_once_across_processes(tmp_path):
    # Spawned, not forked: a fork of the test process (live-server and browser threads)
    # can inherit a held lock and hang. Each holds its slot long enough for the six to overlap.
    context = multiprocessing.get_context("spawn")
    log = context.Queue()
    processes = [
        context.Process(target=_hold_a_slot, args=(tmp_path, 2, log, 2.0), daemon=True)
        for _ in range(6)
    ]
    for process in processes:
        process.start()
    events = [log.get(timeout=60) for _ in range(12)]
    for process in processes:
        process.join(timeout=10)

    assert all(process.exitcode == 0 for process in processes)
    assert all(got for _kind, _at, got in events)
    assert _most_at_once(events) == 2


def test_it_frees_the_slot_of_a_process_that_died_holding_it(tmp_path):
    context = multiprocessing.get_context("spawn")
    log = context.Queue()
    holder = context.Process(target=_hold_a_slot, args=(tmp_path, 1, log, 60), daemon=True)
    holder.start()
    assert log.get(timeout=60)[0] == "in"
    holder.kill()
    holder.join()

    with HashingSlots(tmp_path, 1, wait_seconds=5).slot() as got:
        assert got


def test_it_hashes_anyway_when_no_slot_frees_up_in_time(tmp_path):
    slots = HashingSlots(tmp_path, 1, wait_seconds=0.1)

    with slots.slot() as first, slots.slot() as second:
        assert (first, second) == (True, False)


def test_it_writes_djangos_standard_pbkdf2_hashes(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["config.passwords.BudgetedPBKDF2PasswordHasher"]
    settings.PASSWORD_HASHING_LOCK_DIR = tmp_path

    encoded = make_password("sinergi-demo-2024")

    algorithm, iterations, _salt, _hash = encoded.split("$")
    assert algorithm == "pbkdf2_sha256"
    assert int(iterations) == PBKDF2PasswordHasher.iterations
    assert isinstance(get_hasher(), BudgetedPBKDF2PasswordHasher)
    assert PBKDF2PasswordHasher().verify("sinergi-demo-2024", encoded)
    assert check_password("sinergi-demo-2024", encoded)
    assert not check_password("tebakan", encoded)
