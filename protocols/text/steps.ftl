# The steps of a session (src/ui/steps/): what every step shows, then each step's form.

## Every step (src/ui/steps/mod.rs)
steps-guidance = What to do, and what counts as done
steps-evidence = Evidence: { $evidence }
steps-previous = « Previous step
steps-next = Next step »
steps-prompts = What you might say
steps-not-for-patient = Not for this patient: { $rule }
steps-used = Used
steps-used-already = Used already
steps-used-label = Used: { $prompt }
# A pregnancy status in running text (the profile, the pregnancy question's buttons).
steps-pregnancy-not-asked = not asked
steps-pregnancy-pregnant = pregnant
steps-pregnancy-trying = trying to conceive
steps-pregnancy-not-pregnant = not pregnant

## The screen step (src/ui/steps/screen.rs)
screen-suggested = Suggested: { $instrument }
screen-substance = Substance
screen-instrument = Instrument
screen-instrument-label = Instrument: { $instrument }
screen-instrument-unavailable = Instrument: { $instrument } (not available)
screen-licence-refused = software use not confirmed by { $owner }; ask { $contact } for a licence, then record it in { $file }
screen-not-available = { $instrument }: not available — { $why }
screen-item-not-scored = { $number }. { $text } (not scored)
screen-item-not-asked = { $title } — not asked ({ $note })
screen-item-option = Item { $number }: { $option }
screen-points = { $points } points
screen-item-count = Item { $number }: number of { $unit }
screen-count-threshold = { $at_least } { $unit } or more scores { $points } points
screen-prevention = Prevention tier and factors
screen-tier = Tier
screen-tier-label = Prevention tier: { $tier }
screen-risk-factors = Risk factors
screen-risk-factor = Risk factor
screen-protective-factors = Protective factors
screen-protective-factor = Protective factor
screen-factor-label = { $kind }: { $factor }
screen-ask-pregnancy = Ask before the screening is fed back
screen-pregnancy-label = Pregnancy: { $status }
screen-one-drink = One drink here: { $drink }
screen-drink-grams-differ = This form counts { $form } g drinks; the limits in this protocol count { $limits } g.
screen-validated-from = validated from age { $age }
screen-validated-up-to = validated up to age { $age }
screen-age-outside = { $instrument } is { $range }: the score may not fit this patient (age { $age }).
screen-licence = Licence
screen-licence-owner = Held by: { $owner }
screen-licence-terms = Terms: { $terms }
screen-licence-in-brief = In brief: { $state }
screen-form-notes = Notes on this form
screen-total = Total { $total }
screen-total-of = Total { $total } of { $max }
screen-provisional = (provisional: { $unanswered } unanswered)
screen-zone = Zone { $zone }: { $level }
screen-action = Action: { $action }
screen-flag = Flag: { $flag }
screen-continue-full = Continue with the full { $instrument }
screen-shared-items = { $full } items { $items } are the { $short }: answered once, in either form, and counted once.
screen-shared-drinks-differ = The { $this } counts { $this_grams } g drinks, the { $other } { $other_grams } g: check the drink counts of the shared items with the patient.

## The feedback step (src/ui/steps/feedback.rs, pictures.rs)
feedback-screening = screening
feedback-no-screening = No screening recorded yet: go back to the { $screen } step to give an instrument.
feedback-score = score { $total }
feedback-score-of = score { $total } of { $max }
feedback-zone = zone { $zone }: { $level }
feedback-shared-items = { $full } items { $items } are the { $short } (answered once, counted once)
feedback-zones = { $instrument } zones
feedback-recommended = Recommended: { $action }
feedback-risks = Regular use is linked to:
feedback-limits = Low-risk limits
feedback-age-needed = Record the patient's age to see the limits that apply (Edit profile… at the top).
feedback-not-shown = Not shown: { $why }
feedback-no-limit = The protocol has no limit for this patient's profile.
feedback-pregnancy-not-asked = Pregnancy not asked yet: if the patient is pregnant or trying to conceive,
feedback-drinks-week = From the { $instrument } answers: about { $week } drinks a week
# Added after feedback-drinks-week, after a comma.
feedback-drinks-day = { $day } on a drinking day
feedback-drinks-heavy = { $heavy } or more on a heavy day
feedback-counted-in = Counted in the form's drinks: { $drink }
feedback-about-week = About { $week } a week
feedback-drinks-bar = Drinks a week against the weekly limit
feedback-no-limit-drawn = No limit drawn: { $why }
feedback-no-limit-pregnancy = No limit drawn: no amount is low-risk in pregnancy
feedback-no-limit-underage = No limit drawn: no amount is low-risk below the drinking age
feedback-no-limit-age = No limit drawn until the age is recorded
# The pictures' names for screen readers and tests.
pictures-zone-bar = { $what }: score { $score }
pictures-drinks-bar = { $what }: { $you }; limit { $limit }

## The goals step (src/ui/steps/goals.rs)
goals-readiness = Readiness
goals-importance = Importance
goals-confidence = Confidence
goals-not-asked = not asked
goals-stage = Stage
goals-stage-label = Stage: { $stage }
goals-why-not-lower = Why not a lower number?
goals-readiness-note = Readiness note
goals-record-readiness = Record readiness
# A ruler's name in running text: "Suggested from the readiness ruler: …"
goals-ruler-importance = importance
goals-ruler-confidence = confidence
goals-ruler-readiness = readiness
goals-suggested-stage = Suggested from the { $ruler } ruler: { $stage } ({ $band })
goals-use = Use
goals-use-label = Use suggested stage
goals-avoid = Avoid: { $avoid }
goals-choose-stage = Choose a stage to see the stage-matched strategy.
goals-menu = Menu of options (the patient chooses)
goals-recommended = Recommended:
goals-other-options = Other options:
goals-not-advised = Not advised: { $why }
goals-chosen-anyway = Chosen anyway: { $reason }
goals-anyway-reason = Reason to choose “{ $option }” anyway
goals-anyway-required = required to choose it
goals-own-words = The patient's goal, in their words
goals-target-date = Target date
goals-referral = Referral
goals-referral-made = Referral made
goals-referred-to = Referred to
goals-referred-to-hint = service or clinician
goals-offered = Offered
goals-accepted = Accepted
goals-declined = Declined

## The closing step (src/ui/steps/closure.rs)
closure-summary = Summary
closure-follow-up = Follow-up date
closure-in-weeks = In { $weeks } weeks
closure-rescreen = Re-screen in { $weeks } weeks ({ $rule })
closure-note = Note
closure-copy-note = Copy note
closure-close = Close session…
closure-answer-flags = Answer the safety flags first
closure-answer-flags-why = Each raised flag needs a response before the session can close: advice given, or not given and why.
closure-go-to = Go to { $step }
closure-safety-plan-first = Write the safety plan first
closure-before-closing = Before closing
closure-steps-not-done = Steps not done: { $steps }
closure-components-not-delivered = Components not delivered: { $components }
closure-reason = Reason for closing anyway
closure-close-anyway = Close anyway
closure-keep-working = Keep working
closure-export-to = Export to
closure-export-fhir = Export FHIR bundle…
closure-export-fhir-closed-first = Close the session first: the bundle records the intervention as done
closure-fhir-written = FHIR bundle written to { $path }
closure-fhir-written-notes = FHIR bundle written to { $path } ({ $notes })
closure-not-exported = Not exported: { $error }
closure-sheet = Take-home sheet…
closure-sheet-hover = Write the patient's sheet (PDF) and open it to print
closure-sheet-given = Given at { $time }
closure-sheet-no-folder = no documents or home folder outside the data folder to write it to
closure-viewer-exited = the viewer exited with { $status }
closure-sheet-written = Written to { $path }
closure-sheet-failed = The sheet could not be written: { $error }
closure-viewer-failed = It could not be opened ({ $error }): open the file above to print it.

## The safety panel (src/ui/steps/safety.rs)
safety-heading-one-answered = Safety flag (answered)
safety-heading-all-answered = Safety flags: { $n } (all answered)
safety-heading-one = Safety flag: read this before going on
safety-heading = Safety flags: { $n } ({ $unanswered } to answer): read these before going on
safety-severity-advisory = ADVISORY
safety-severity-warning = WARNING
safety-severity-urgent = URGENT
safety-raised-by = What raised it:
safety-must-do = What you must do
safety-tell-patient = Tell the patient
safety-tick-points = Advice given (tick each point)
safety-no-response = No response was recorded.
# After "Answered: advice given 10:42": how many of the rule's advice points were ticked.
safety-points-of = ({ $given } of { $total } points)
safety-answered-given = Answered: advice given { $time }{ $points }
safety-answered-not-given = Not given: { $reason } ({ $time })
safety-change = Change…
safety-change-label = Change response: { $title }
# Where the response row is drawn a second time, in the closing step; it follows a space.
safety-before-closing = (before closing)
safety-advice-given = Advice given
safety-advice-given-label = Advice given{ $place }: { $title }
safety-not-given = Not given…
safety-not-given-label = Not given{ $place }: { $title }
safety-keep = Keep the response
safety-keep-label = Keep the response{ $place }: { $title }
safety-note = Note (optional)
safety-note-label = Safety note{ $place }: { $title }
safety-why-not-given = Why was the advice not given?
safety-why-not-given-label = Reason not given{ $place }: { $title }
safety-record-reason = Record reason
safety-record-reason-label = Record reason{ $place }: { $title }
safety-cancel = Cancel
safety-cancel-label = Cancel{ $place }: { $title }

## The family-intervention steps (src/ui/steps/family.rs, family_safety.rs, approach.rs, treatment.rs, outcome.rs)
family-no-plan = This session has no family-intervention plan (its protocol has no plan section).
family-refused = the session refused this change (see the message at the top)
family-not-recorded = Not recorded yet: { $why }
family-undo = Undo these edits
family-undo-label = Undo plan edits
family-undo-hover = Go back to the plan as it is recorded
family-delivered-by-plan = delivered by the plan
family-not-yet = not yet: { $when }
family-timeline = Case timeline ({ $sessions } sessions)
family-timeline-session = Session { $at } · { $clinician }
family-timeline-this = Session { $at } (this session) · { $clinician }
family-no-change = no change to the plan
# A field's label from the protocol, while it must be filled.
family-required = { $label } (required)
family-safety-needs-screen = { $needs } ({ $answered } of { $total } answered)
family-safety-note = Note
family-safety-note-label = Note: { $question }
family-safety-note-hint = what was said
approach-label = Approach: { $approach }
approach-recommended = recommended
treatment-required = { $label }: required
outcome-first-contact = First contact
outcome-outcome = Outcome
outcome-label = Outcome: { $outcome }
outcome-days = { $days } days from first contact to treatment
outcome-before-first-contact = Before the first contact: check both dates.
