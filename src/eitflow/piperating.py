"""A gas network's pipe rating from the state its sizes are rated in (`catalogue.NetworkSpec`:
phase, design pressure, density, velocity, each size's inner diameter): capacity = density x
velocity x cross-section, worked out in one place, and the checks that a rating fits its
phase at its pressure. CO2 transport networks run dense (above its critical point, 73.8 bar:
700-900 kg/m3), a short collection line as a gas (at 20 bar about 40 kg/m3), four times apart
for the same pipe at the velocities each is run at."""

from __future__ import annotations

import math

from eitflow.i18n import Phrase
from eitflow.units import conversion_factor

__all__ = ["NORMAL_BAR", "phase_density_problem", "rated_capacity", "size_rating_problem"]

#: normal conditions of a normal cubic metre (bar): 0 degC and one standard atmosphere
NORMAL_BAR = 1.01325


def rated_capacity(density_kg_per_m3: float, velocity_m_per_s: float, inner_diameter_mm: float,
                   capacity_unit: str) -> float:
    """A pipe's capacity in `capacity_unit` (t/h): mass flow = density (kg/m3) x velocity (m/s)
    x pi d^2 / 4 (d in m), kg/s converted (x 3.6 for t/h). Dense CO2 at 800 kg/m3 and 2 m/s in
    a DN100 (107.1 mm): 800 x 2 x 0.0090088 m2 = 14.414 kg/s = 51.89 t/h."""
    d = inner_diameter_mm / 1000.0
    return density_kg_per_m3 * velocity_m_per_s * math.pi * d * d / 4.0 * conversion_factor("kg/s", capacity_unit)


def size_rating_problem(name: str, capacity: float, inner_diameter_mm: float, density_kg_per_m3: float,
                        velocity_m_per_s: float, capacity_unit: str) -> Phrase | None:
    """What is wrong with a size's capacity (in `capacity_unit`) given beside its inner
    diameter (mm), where it differs by more than 1 % from what the design density (kg/m3) and
    velocity (m/s) carry through it; None where it fits."""
    want = rated_capacity(density_kg_per_m3, velocity_m_per_s, inner_diameter_mm, capacity_unit)
    if abs(capacity - want) <= 0.01 * want:
        return None
    return Phrase("res_size_not_rated", size=name, given=capacity, want=want, unit=capacity_unit,
                  rho=density_kg_per_m3, v=velocity_m_per_s, d=inner_diameter_mm)


def phase_density_problem(phase: str, pressure_bar: float, density_kg_per_m3: float,
                          normal_density_kg_per_nm3: float) -> Phrase | None:
    """What is wrong with a design density (kg/m3) for its phase at its pressure (bar,
    absolute), against the ideal gas of the resource's normal density (kg/Nm3) there, normal
    density x p / 1.01325 (at 0 degC): a gas weighs 0.75-1.35 of it (its compressibility and
    temperature), a dense phase at least twice it (CO2 at 110 bar: 214.6 kg/m3 as an ideal gas,
    700-900 dense); None where it fits."""
    ideal = normal_density_kg_per_nm3 * pressure_bar / NORMAL_BAR
    fits = 0.75 * ideal <= density_kg_per_m3 <= 1.35 * ideal if phase == "gas" else density_kg_per_m3 >= 2 * ideal
    return None if fits else Phrase(f"res_density_not_{phase}", rho=density_kg_per_m3, p=pressure_bar, ideal=ideal,
                                    n=normal_density_kg_per_nm3)
