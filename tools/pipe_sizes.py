"""Derive the hot-water pipe sizes of the catalogue (src/eitflow/data/resources.yaml, heat.network).

Inputs (each stated in the catalogue's `_sources.heat_network`):
- inner and casing diameters and installed cost per metre of trench (EUR/m) of 15 steel
  pipe sizes from the topotherm example settings (github.com/jylambert/topotherm,
  examples/one-producer/data_mts/config.yaml: piping.diameter, outer_diameter, cost),
  with its design rules: a pressure loss of at most 250 Pa/m, pipe roughness 0.05 mm,
  insulation conductivity 0.024 W/(m K), ground conductivity 2.4 W/(m K), water properties;
- assumptions of ours: supply/return 90/60 degC (so 30 K between them), pipes buried 1 m
  deep, ground at 10 degC.

Capacity: the velocity at which the Darcy-Weisbach pressure loss (Swamee-Jain friction
factor) reaches 250 Pa/m, times the cross-section, water density and heat capacity and
the 30 K difference (MW). Heat loss: the supply and the return pipe each lose
(T - T_ground) / (R_insulation + R_ground) per metre, R_insulation = ln(Do/Di)/(2 pi k_ins),
R_ground = ln(4 H/Do)/(2 pi k_ground) (single buried pipes, no mutual heating: an
approximation on the safe side).

Run: python tools/pipe_sizes.py   (prints the YAML list)
"""
import math

DIAMETER_M = [0.0216, 0.0285, 0.0372, 0.0431, 0.0545, 0.0703, 0.0825, 0.1071, 0.1325, 0.1603, 0.2101, 0.263,
              0.3127, 0.3444, 0.3938]
OUTER_M = [0.09, 0.09, 0.11, 0.11, 0.125, 0.14, 0.16, 0.2, 0.225, 0.25, 0.315, 0.4, 0.45, 0.5, 0.56]
COST_EUR_PER_M = [390, 400, 430, 464, 498, 537, 602, 670, 754, 886, 1171, 1184, 1197, 1401, 1755]
DN = [20, 25, 32, 40, 50, 65, 80, 100, 125, 150, 200, 250, 300, 350, 400]
RHO, CP, MU = 977.76, 4187.0, 4.041e-4          # water (topotherm settings)
MAX_PA_PER_M, ROUGH = 250.0, 0.05e-3
K_INS, K_GROUND, DEPTH = 0.024, 2.4, 1.0
T_SUP, T_RET, T_GROUND = 90.0, 60.0, 10.0


def velocity(d: float) -> float:
    lo, hi = 1e-3, 10.0
    for _ in range(100):  # bisection on the pressure loss
        v = 0.5 * (lo + hi)
        re = RHO * v * d / MU
        f = 0.25 / math.log10(ROUGH / (3.7 * d) + 5.74 / re ** 0.9) ** 2
        dp = f * RHO * v * v / (2 * d)
        lo, hi = (v, hi) if dp < MAX_PA_PER_M else (lo, v)
    return v


for dn, d, do, cost in zip(DN, DIAMETER_M, OUTER_M, COST_EUR_PER_M):
    v = velocity(d)
    mw = RHO * CP * (T_SUP - T_RET) * v * math.pi * d * d / 4 / 1e6
    r = math.log(do / d) / (2 * math.pi * K_INS) + math.log(4 * DEPTH / do) / (2 * math.pi * K_GROUND)
    loss = ((T_SUP - T_GROUND) + (T_RET - T_GROUND)) / r
    print(f"    - {{name: DN{dn}, capacity: {mw:.3g}, investment_eur_per_m: {cost}, loss_w_per_m: {loss:.3g}}}"
          f"   # {v:.2f} m/s")
