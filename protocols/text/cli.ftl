# The command line's words (src/cli). `--lang` chooses the language.

## brief score
score-instrument = instrument
score-total = total
score-zone = zone
score-action = action
score-profile = profile
score-flags = flags
score-flag = flag
score-safety = safety
score-from = from
score-do = do
score-advise = advise
score-of = {" "}of { $max }
score-raised-to = {" "}(raised to zone { $zone })
score-age = , age { $age }
