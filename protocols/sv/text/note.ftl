# Journalanteckningens egna ord (src/note). Anteckningen skrivs på protokollets språk.
# Ett värde kan inte börja med mellanslag i Fluent: {" "} behåller ett.

note-protocol = { $title } (protokoll { $id } { $version })
note-date = Datum { $date }, { $start }–{ $stop } ({ $minutes } min)
note-still-open = pågår
note-patient = Patientreferens { $patient } ({ $profile }); behandlare { $clinician }
note-female = kvinna
note-male = man
note-sex-not-recorded = kön ej angivet
note-not-recorded = ej angivet
note-age = , { $age } år
note-changed-sex = kön { $before } → { $after }
note-changed-age = ålder { $before } → { $after }
note-changed-pregnancy = graviditet { $before } → { $after }
note-profile-changed = Uppgifter ändrade { $time }: { $what }
note-prevention-tier = Preventionsnivå: { $tier }
note-risk-factors = Riskfaktorer
note-protective-factors = Skyddsfaktorer
note-safety = Säkerhet: { $title } (flaggad { $time } av { $from }) — { $response }{ $cleared }
note-safety-note = {" "}Anteckning: { $note }
note-safety-given = råd givna { $time }{ $points }{ $note }
note-safety-not-given = råd inte givna ({ $time }): { $reason }
note-safety-not-answered-active = INTE BESVARAD
note-safety-not-answered = inte besvarad
note-safety-cleared = {" "}[inte längre flaggad efter { $time }: svaren ändrades]
note-screening-none = Screening: ingen registrerad
note-screening = Screening: { $name } { $score }, zon { $zone } ({ $level }); åtgärd: { $action }
note-screening-incomplete = {" "}[ofullständig]
note-screening-instead = Valdes i stället för föreslagna { $suggested }
note-screening-flags = Flaggor: { $flags }
note-screening-shared-items = Fråga { $items } från { $from } (samma frågor, räknade en gång)
note-screening-not-scored = Screening: { $name } ej poängsatt
note-prior = Föregående besök { $date } ({ $clinician }): { $parts }
note-prior-no-screening = ingen screening poängsatt
note-prior-stage = fas { $stage }
note-prior-goal = mål { $goal }
note-prior-safety = säkerhetsflaggor då: { $flags }
note-prior-follow-up = uppföljning bokad { $date }
note-change = Förändring: { $change }
note-no-time = (ingen tid registrerad)
note-components = Komponenter givna { $delivered }/{ $of }: { $list }
note-components-missing = Komponenter som saknas: { $list }
note-none = inga
note-steps = Steg: { $list }
note-step-done = { $step } klart
note-step-skipped = { $step } hoppades över ({ $reason })
note-step-started = { $step } påbörjat
note-step-not-done = { $step } inte gjort
note-stage-not-recorded = Förändringsfas: inte registrerad
note-stage-not-set = inte angiven
note-ruler-importance = viktighet
note-ruler-confidence = tilltro
note-ruler-readiness = beredskap
note-stage-latest-of = {" "}(senaste av { $n })
note-stage = Förändringsfas: { $stage }
note-why-not-lower = Varför inte lägre: { $text }
note-note = Anteckning: { $text }
note-goal-not-recorded = Mål: inte registrerat
note-goal-own-words = med patientens ord "{ $words }"
note-goal-by = senast { $date }
note-goal = Mål: { $parts }
note-goal-not-advised = Valt trots avrådan: { $option }, därför att { $reason }
note-referral-none = Remiss: ingen
note-referral = Remiss: till { $to }: { $response }
note-referral-offered = erbjuden
note-referral-accepted = accepterad
note-referral-declined = avböjd
note-referral-unnamed = (mottagning inte angiven)
note-follow-up-none = inte bokad
note-follow-up = Uppföljning: { $date }
note-sheet-given = Patientblad givet { $time }
note-rescreen = Ny screening: inom { $weeks } veckor ({ $why })
note-summary = Sammanfattning: { $text }
note-closed-missing = Avslutad med delar som saknas: { $reason }
note-amended = Ändrad { $time } av { $by }: { $reason } ({ $change })
note-billing = Tid { $minutes } min. Debiteringsförslag: { $hint }. { $caveat }
note-billing-or = {" "}eller{" "}
note-intervention-level = Insatsnivå: { $level }
note-time = Tid { $minutes } min.
note-clinician = Behandlare: { $clinician }

## Anteckningen för anhörigstöd (src/note/family.rs)
family-note-case = Ärendereferens { $case }; rådgivare { $counsellor }
family-note-continues = Fortsätter samtal { $session }
family-note-plan-changes = Ändringar i planen under samtalet: { $list }
family-note-counsellor = Rådgivare: { $counsellor }
family-note-first-contact = Första kontakt: { $date }
family-note-approach-none = Metod: inte vald
family-note-approach = Metod: { $parts }
family-note-because = därför att "{ $reason }"
family-note-announced = aviserat för den närstående
family-note-surprise = oanmält möte, därför att "{ $reason }"
family-note-evidence-shown = vald med evidensen visad
family-note-evidence-not-shown = evidensen inte registrerad som visad
family-note-team-none = Grupp: ingen registrerad
family-note-team = Grupp: { $list }
family-note-undated = odaterad
family-note-no-incidents = inga händelser
family-note-incidents = { $n ->
    [one] 1 händelse ({ $dates })
   *[other] { $n } händelser ({ $dates })
}
family-note-no-consequence = ingen konsekvens angiven
family-note-consequence-committed = konsekvens angiven och åtagen
family-note-consequence-not-committed = konsekvens angiven, inte åtagen
family-note-statements = Uttalanden (läsordning): { $list }
family-note-no-statement = Inget uttalande ännu: { $list }
family-note-attendance-not-recorded = närvaro inte registrerad
family-note-preparation = Förberedelse: { $list }
family-note-screen-complete = fullständig
family-note-screen-incomplete = ofullständig ({ $answered } av { $total } besvarade)
family-note-screen-no-risk = Säkerhetsbedömning: { $state }; ingen risk funnen
family-note-screen-risk = Säkerhetsbedömning: { $state }; risk: { $risks }
family-note-not-recorded-loud = INTE REGISTRERAD
family-note-withdrawal-not-arranged = INTE ORDNAD (säkerhetsbedömningen fann risk för abstinens)
family-note-treatment = Behandling ordnad: { $parts }
family-note-outcome-none = ännu inte registrerat
family-note-days = {" "}({ $n } dagar från första kontakt)
family-note-outcome = Utfall: { $parts }

## Föregående besök och förändringen sedan dess (src/session/prior.rs)
prior-result = { $name } { $score }, zon { $zone } ({ $level })
prior-goal-by = , senast { $date }
change-head = { $name } { $before } → { $after } sedan { $since }:{" "}
change-none = ingen förändring
change-down = { $n ->
    [one] ned 1 poäng
   *[other] ned { $n } poäng
}
change-up = { $n ->
    [one] upp 1 poäng
   *[other] upp { $n } poäng
}
change-meaningful = , en betydelsefull förändring ({ $p } poäng eller mer)
change-less-than-meaningful = , mindre än en betydelsefull förändring ({ $p } poäng eller mer)
change-zone-same = ; zon { $zone }, som förut
change-zone = ; zon { $before } → { $after }
