# Informationsbladets och återkopplingsbildernas få egna ord (src/handout, src/feedback.rs).

sheet-items-to = {" "}till{" "}
sheet-limits-source = { $source } (protokoll { $id } { $version })
sheet-or-more = { $min } eller fler
