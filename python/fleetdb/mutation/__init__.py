"""Mutation proof: weaken or remove what enforces an invariant, in a clone of the deployed template, and
expect the invariant's scenarios to fail.

- ``model``: the mutant and its result, plain data (reports import only this);
- ``removal``: mutants that take an enforcing object away;
- ``semantic``: mutants that keep the object and weaken it, one operator at one site of its parsed SQL;
- ``equivalents``: the reviewed list of mutants that cannot change behaviour;
- ``scenarios``: which pytest run proves an invariant;
- ``engine``: prepare -> run -> verdict -> drop, ``jobs`` at a time.
"""
