"""How many rows a scale means. Scale 1 is a small company for tests; scale 1000 is the benchmark
scale: 1,000,000 rentals, 5,000,000 odometer readings and about 2,000,000 journal lines."""

from __future__ import annotations

from dataclasses import dataclass

BENCHMARK_SCALE = 1000


@dataclass(frozen=True)
class SeedSizes:
    scale: int
    locations: int
    staff_per_location: int
    customers: int
    vehicles: int
    rentals_per_vehicle: int
    readings_per_vehicle: int
    jobs_per_vehicle: int
    chunk_vehicles: int

    @classmethod
    def for_scale(cls, scale: int) -> SeedSizes:
        if scale < 1:
            raise ValueError(f"scale must be at least 1, not {scale}")
        vehicles = 20 * scale
        return cls(
            scale=scale,
            # About a hundred vehicles per branch at large scales, a handful at scale 1.
            locations=3 + scale // 5,
            staff_per_location=5,
            customers=300 * scale,
            vehicles=vehicles,
            # Fixed per vehicle: a rental slot of 22.6 days over three years and two months, a reading
            # every 4.4 days, a maintenance job every fifth slot. The seed SQL relies on these proportions.
            rentals_per_vehicle=51,
            readings_per_vehicle=250,
            jobs_per_vehicle=10,
            # A chunk is one transaction: about 12,500 rentals and 62,500 readings at most.
            chunk_vehicles=min(250, max(1, vehicles // 4)),
        )

    @property
    def rentals(self) -> int:
        """Rentals the seed writes (retired vehicles, one in fifty, have half as many)."""
        retired = (self.vehicles + 30) // 50  # vehicle numbers 20, 70, 120, ... (setup.sql)
        return (self.vehicles - retired) * self.rentals_per_vehicle + retired * (
            self.rentals_per_vehicle // 2
        )

    @property
    def readings(self) -> int:
        return self.vehicles * self.readings_per_vehicle

    def settings(self) -> dict[str, str]:
        """The ``fleetdb_seed.*`` settings that setup.sql reads."""
        fields = (
            "scale",
            "locations",
            "staff_per_location",
            "customers",
            "vehicles",
            "rentals_per_vehicle",
            "readings_per_vehicle",
            "jobs_per_vehicle",
        )
        return {f"fleetdb_seed.{name}": str(getattr(self, name)) for name in fields}
