"""The mapping of the CNIG standards' columns (Friches, Sites économiques TERRAIN-ECO and
SITE-ECO) onto plots.csv: the table `io.plots` applies and the README prints
(`io.schema.markdown_cnig`)."""

from __future__ import annotations

__all__ = ["CNIG_MAPPING"]

#: (dialect, standard column(s), eitflow column, rule) — the documented mapping
CNIG_MAPPING: list[tuple[str, str, str, str]] = [
    ("friches", "site_id (site_numero)", "plot_id", "as is"),
    ("friches", "site_nom", "name", "as is"),
    ("friches", "geompoint", "lat, lon", "WKT POINT(x y): x y read as lon lat (WKT order), or as lat lon when x is a "
     "latitude of metropolitan France (41-52) and y a longitude (-6-10), as in the standard's own example"),
    ("friches", "unite_fonciere_surface", "area_ha", "m2 / 10,000"),
    ("friches", "comm_nom", "zone", "the commune"),
    ("friches", "comm_insee", "territory", "the commune's INSEE code"),
    ("friches", "site_statut", "available", "false for 'friche reconvertie', else true"),
    ("friches", "sol_pollution_existe, sol_pollution_commentaire", "pollution", "joined"),
    ("friches", "sol_pollution_existe", "excluded_uses", "'food' where 'pollution avérée' or 'pollution supposée' "
     "(assumption: no food production on polluted soil before remediation)"),
    ("friches", "urba_zone_type, urba_zone_lib, site_type", "constraints", "joined as text"),
    ("terrain_eco", "terr_id", "plot_id", "as is"),
    ("terrain_eco", "terr_id, site_id", "name", "'terr_id (site_id)'"),
    ("terrain_eco", "site_id", "zone", "the business park"),
    ("terrain_eco", "terr_geomsurf", "lat, lon", "centroid of the GeoJSON polygon's outer ring (lon, lat order)"),
    ("terrain_eco", "terr_surf_brute", "area_ha", "ha, as is"),
    ("terrain_eco", "terr_m2_prix", "land_price_eur_per_ha", "EUR/m2 x 10,000"),
    ("terrain_eco", "terr_etat_occup, terr_stade_comm", "available",
     "false when 'occupé', 'vendu, commercialisation achevée', 'non commercialisable' or 'réservé ...'"),
    ("terrain_eco", "terr_stade_amngt", "constraints", "as text"),
    ("site_eco", "site_id", "plot_id", "as is"),
    ("site_eco", "site_nom", "name", "as is"),
    ("site_eco", "site_geompoint", "lat, lon", "'lon, lat' as in the standard's example"),
    ("site_eco", "site_surf_comm_dispo", "area_ha", "ha available for sale"),
    ("site_eco", "site_epci_nom", "zone", "the intercommunality"),
    ("site_eco", "site_epci_siren", "territory", "the intercommunality's SIREN code"),
    ("site_eco", "site_voca_industrielle ... site_voca_aeroportuaire", "allowed_uses",
     "'oui' gives industry, commerce, tertiary, craft, tourism, port, airport"),
]
