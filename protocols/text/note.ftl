# The clinical note's own words (src/note). The note is written in its protocol's language.
# A value cannot start with a space in Fluent: {" "} keeps one.

note-protocol = { $title } (protocol { $id } { $version })
note-date = Date { $date }, { $start }–{ $stop } ({ $minutes } min)
note-still-open = open
note-patient = Patient ref { $patient } ({ $profile }); clinician { $clinician }
note-female = female
note-male = male
note-sex-not-recorded = sex not recorded
note-not-recorded = not recorded
note-age = , { $age } y
note-changed-sex = sex { $before } → { $after }
note-changed-age = age { $before } → { $after }
note-changed-pregnancy = pregnancy status { $before } → { $after }
note-profile-changed = Profile changed at { $time }: { $what }
note-prevention-tier = Prevention tier: { $tier }
note-risk-factors = Risk factors
note-protective-factors = Protective factors
note-safety = Safety: { $title } (raised { $time } by { $from }) — { $response }{ $cleared }
note-safety-note = {" "}Note: { $note }
note-safety-given = advice given at { $time }{ $points }{ $note }
note-safety-not-given = advice not given ({ $time }): { $reason }
note-safety-not-answered-active = NOT ANSWERED
note-safety-not-answered = not answered
note-safety-cleared = {" "}[no longer raised after { $time }: answers changed]
note-screening-none = Screening: none recorded
note-screening = Screening: { $name } { $score }, zone { $zone } ({ $level }); action: { $action }
note-screening-incomplete = {" "}[incomplete]
note-screening-instead = Chosen instead of the suggested { $suggested }
note-screening-flags = Flags: { $flags }
note-screening-shared-items = Items { $items } from the { $from } (the same questions, counted once)
note-screening-not-scored = Screening: { $name } not scored
note-prior = Previous visit { $date } ({ $clinician }): { $parts }
note-prior-no-screening = no screening scored
note-prior-stage = stage { $stage }
note-prior-goal = goal { $goal }
note-prior-safety = safety flags then: { $flags }
note-prior-follow-up = follow-up set for { $date }
note-change = Change: { $change }
note-no-time = (no time recorded)
note-components = Components delivered { $delivered }/{ $of }: { $list }
note-components-missing = Components missing: { $list }
note-none = none
note-steps = Steps: { $list }
note-step-done = { $step } done
note-step-skipped = { $step } skipped ({ $reason })
note-step-started = { $step } started
note-step-not-done = { $step } not done
note-stage-not-recorded = Stage of readiness: not recorded
note-stage-not-set = not set
note-ruler-importance = importance
note-ruler-confidence = confidence
note-ruler-readiness = readiness
note-stage-latest-of = {" "}(latest of { $n })
note-stage = Stage of readiness: { $stage }
note-why-not-lower = Why not lower: { $text }
note-note = Note: { $text }
note-goal-not-recorded = Goal: not recorded
note-goal-own-words = in the patient's words "{ $words }"
note-goal-by = by { $date }
note-goal = Goal: { $parts }
note-goal-not-advised = Chosen although not advised: { $option }, because { $reason }
note-referral-none = Referral: none
note-referral = Referral: to { $to }: { $response }
note-referral-offered = offered
note-referral-accepted = accepted
note-referral-declined = declined
note-referral-unnamed = (service not named)
note-follow-up-none = not arranged
note-follow-up = Follow-up: { $date }
note-sheet-given = Take-home sheet given at { $time }
note-rescreen = Re-screen: within { $weeks } weeks ({ $why })
note-summary = Summary: { $text }
note-closed-missing = Closed with items missing: { $reason }
note-amended = Amended { $time } by { $by }: { $reason } ({ $change })
note-billing = Time { $minutes } min. Billing hint: { $hint }. { $caveat }
note-billing-or = {" "}or{" "}
note-intervention-level = Intervention level: { $level }
note-time = Time { $minutes } min.
note-clinician = Clinician: { $clinician }

## The family-intervention note (src/note/family.rs)
family-note-case = Case ref { $case }; counsellor { $counsellor }
family-note-continues = Continues session { $session }
family-note-plan-changes = Plan changes this session: { $list }
family-note-counsellor = Counsellor: { $counsellor }
family-note-first-contact = First contact: { $date }
family-note-approach-none = Approach: not chosen
family-note-approach = Approach: { $parts }
family-note-because = because "{ $reason }"
family-note-announced = announced to the loved one
family-note-surprise = surprise meeting, because "{ $reason }"
family-note-evidence-shown = chosen with the evidence shown
family-note-evidence-not-shown = evidence not recorded as shown
family-note-team-none = Team: none recorded
family-note-team = Team: { $list }
family-note-undated = undated
family-note-no-incidents = no incidents
family-note-incidents = { $n ->
    [one] 1 incident ({ $dates })
   *[other] { $n } incidents ({ $dates })
}
family-note-no-consequence = no consequence stated
family-note-consequence-committed = consequence stated and committed to
family-note-consequence-not-committed = consequence stated, not committed to
family-note-statements = Statements (reading order): { $list }
family-note-no-statement = No statement yet: { $list }
family-note-attendance-not-recorded = attendance not recorded
family-note-preparation = Preparation: { $list }
family-note-screen-complete = complete
family-note-screen-incomplete = incomplete ({ $answered } of { $total } answered)
family-note-screen-no-risk = Safety screen: { $state }; no risk found
family-note-screen-risk = Safety screen: { $state }; risk: { $risks }
family-note-not-recorded-loud = NOT RECORDED
family-note-withdrawal-not-arranged = NOT ARRANGED (the safety screen found withdrawal risk)
family-note-treatment = Treatment arranged: { $parts }
family-note-outcome-none = not yet recorded
family-note-days = {" "}({ $n } days from first contact)
family-note-outcome = Outcome: { $parts }

## The previous visit and the change since (src/session/prior.rs): in the note and the window
prior-result = { $name } { $score }, zone { $zone } ({ $level })
prior-goal-by = , by { $date }
change-head = { $name } { $before } → { $after } since { $since }:{" "}
change-none = no change
change-down = { $n ->
    [one] down 1 point
   *[other] down { $n } points
}
change-up = { $n ->
    [one] up 1 point
   *[other] up { $n } points
}
change-meaningful = { $p ->
    [one] , a meaningful change (1 point or more)
   *[other] , a meaningful change ({ $p } points or more)
}
change-less-than-meaningful = { $p ->
    [one] , less than a meaningful change (1 point or more)
   *[other] , less than a meaningful change ({ $p } points or more)
}
change-zone-same = ; zone { $zone }, as before
change-zone = ; zone { $before } → { $after }
