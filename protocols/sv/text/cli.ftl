# Kommandoradens ord (src/cli). `--lang` väljer språk.

## brief score
score-instrument = instrument
score-total = summa
score-zone = zon
score-action = åtgärd
score-profile = uppgifter
score-flags = flaggor
score-flag = flagga
score-safety = säkerhet
score-from = från
score-do = gör
score-advise = råd
score-of = {" "}av { $max }
score-raised-to = {" "}(höjd till zon { $zone })
score-age = , ålder { $age }
