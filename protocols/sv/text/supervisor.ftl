# Handledarens granskning av en datamapp (src/ui/supervisor.rs).

## Översta raden och filtren
supervisor-back-to-start = « Start
supervisor-heading = Granskning för handledare
supervisor-no-background = Mappen kunde inte läsas i bakgrunden
supervisor-read-failed = Mappen kunde inte läsas
supervisor-reading = Samtalsfilerna läses…
supervisor-protocol = Protokoll
supervisor-protocol-count = { $title } ({ $count })
supervisor-protocol-choice = Protokoll: { $id }
supervisor-from = Från
supervisor-to = Till
supervisor-clinician = Behandlare
supervisor-all-clinicians = Alla behandlare
supervisor-status = Status
supervisor-status-all = Alla
supervisor-status-closed = Avslutade
supervisor-status-open = Öppna
supervisor-status-choice = Status: { $status }
supervisor-all-tiers = Alla nivåer
supervisor-tier-choice = Preventionsnivå: { $tier }
supervisor-reset-filters = Återställ filter
supervisor-export-to = Exportera till
supervisor-export-hint = fil.csv
supervisor-export = Exportera CSV…
supervisor-export-failed = Exporten misslyckades: { $error }
supervisor-exported = { $count } samtal exporterades till { $path }

## Samtal där en komponent saknas
supervisor-missing-heading = Samtal där en komponent saknas: { $count }
supervisor-sort-by = Sortera efter
supervisor-sort-choice = Sortera efter { $column }
supervisor-col-date = Datum
supervisor-col-missing = Saknas
supervisor-col-session = Samtal
supervisor-open-short = Öppna { $short }
supervisor-open-session = Öppna samtal { $id }

## Ett samtals tidslinje (endast läsning)
supervisor-back-to-audit = « Tillbaka till granskningen
supervisor-tl-title = Samtal { $id } · { $date } · { $clinician } · patient { $patient }
supervisor-tl-entered = Steget { $step } påbörjades
supervisor-tl-done = Steget { $step } klart
supervisor-tl-skipped = Steget { $step } hoppades över: { $reason }
supervisor-tl-not-done = Steget { $step } inte gjort
supervisor-tl-by-prompt = fråga { $prompt }
supervisor-tl-by-hand = markerat för hand
supervisor-tl-by-plan = från planen ({ $fact })
supervisor-tl-delivered = { $component } gavs i { $step } ({ $how }){ $note }
supervisor-tl-delivered-record = { $component } gavs i { $step } (enligt journalen: { $credit })
supervisor-tl-handout = Skriftlig information med hem gavs i { $step }
supervisor-tl-screening = Screening { $instrument }: { $total } (zon { $zone })
supervisor-tl-no-stage = förändringsfas inte angiven
supervisor-tl-importance = viktighet
supervisor-tl-confidence = tilltro
supervisor-tl-readiness = beredskap
supervisor-tl-readiness-note = Beredskap: { $stage } { $rulers } { $note }
supervisor-tl-closed = Avslutat
supervisor-tl-amended = Ändrat av { $by }: { $reason } ({ $change })

## Översikten
supervisor-sessions = { $count } samtal ({ $closed } avslutade, { $open } öppna)
supervisor-all-components = Alla { $components } komponenter gavs i { $count } av dem
supervisor-coverage = Täckning per komponent
supervisor-coverage-share = { $component }: { $percent } % ({ $count }/{ $sessions })
supervisor-coverage-bars = Täckning %
supervisor-percent = { $percent } %
supervisor-matrix = Behandlare × komponenter
supervisor-col-sessions = Samtal
supervisor-trend = Trend per månad (andel samtal där varje komponent gavs)
supervisor-steps = Steg
supervisor-col-step = Steg
supervisor-col-done = Klara
supervisor-col-skipped = Överhoppade med skäl
supervisor-col-not-done = Inte gjorda
supervisor-stage-at-close = Förändringsfas vid avslut
supervisor-not-recorded = inte registrerad
supervisor-count-share = { $name }: { $count } ({ $percent } %)
supervisor-none-closed = inga avslutade
supervisor-minutes = { $minutes } min
supervisor-time = Tid: median { $median }
supervisor-below-first-code = Under den första koden: { $count }

## Ett familjeprotokolls ärenden
supervisor-cases = Ärenden: { $count } (vart och ett räknas en gång, vid sitt senaste samtal)
supervisor-approach = Metod
supervisor-outcome = Utfall
supervisor-count-percent = { $count } ({ $percent } %)
supervisor-not-yet-recorded = inte registrerat ännu
supervisor-days-median = median { $median } dagar (spann { $min }–{ $max }, { $cases } ärenden)
supervisor-days-none = inget ärende har båda datumen ännu
supervisor-entered-treatment = Påbörjade behandling: { $entered } av { $cases } ärenden ({ $percent } %); från första kontakt till behandlingsstart: { $days }

## Flaggor
supervisor-flags = Flaggor
supervisor-flag-tampered = Ändrade utanför brief: { $count }
supervisor-flag-steps-missing = Avslutade utan alla steg: { $count }
supervisor-flag-unreadable = Oläsbara filer: { $count }
supervisor-file-unreadable = { $path }: { $reason }
supervisor-flag-duplicates = Dubblettfiler (räknas en gång): { $count }
supervisor-file-duplicate = { $path }: samma samtal som { $counted }
supervisor-pin-changed = Ändrade efter att en granskning först såg dem
supervisor-pin-reopened = Sågs avslutade, nu markerade som öppna
supervisor-pin-missing = Sågs avslutade, saknas nu
supervisor-pin-amended = Ändrade sedan de först sågs (granska)
supervisor-pin-count = { $title }: { $count }
supervisor-pin-row = { $date }  { $id }  { $clinician }  först sett { $seen }
supervisor-flag-unanswered = Säkerhetsflaggor utan svar: { $count }
supervisor-unanswered-row = { $date }  { $id }  { $clinician }  { $rules }
supervisor-unanswered-open = { $row } (öppet)

## Säkerhetsflaggor
supervisor-safety = Säkerhetsflaggor: { $raised } utlösta, { $given } med råd givna, { $not_given } utan råd (skäl registrerat), { $unanswered } utan svar
supervisor-col-rule = Regel
supervisor-col-raised = Utlösta
supervisor-col-given = Råd givet
supervisor-col-not-given = Inte givet
supervisor-col-not-answered = Utan svar

supervisor-levels = Insatsnivå (avslutade samtal)
supervisor-level-none = inte registrerad
