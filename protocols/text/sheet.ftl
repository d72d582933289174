# The few words of the take-home sheet and the feedback pictures that are not the protocol's
# (src/handout, src/feedback.rs). The sheet is written in its protocol's language.

sheet-items-to = {" "}to{" "}
sheet-limits-source = { $source } (protocol { $id } { $version })
sheet-or-more = { $min } or more
