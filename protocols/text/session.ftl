# The session view (src/ui/session_view.rs): the top bar, the profile form, the step rail, the
# components and the readiness notes.

## The top bar
session-back = « Sessions
session-family-case = Family-intervention case { $case }
session-continues = continues the session of { $date }
session-patient = Patient { $patient }
session-edit-profile = Edit profile…
session-clinician = Clinician { $clinician }
session-closed-at = Closed { $time }
session-seal-changed = This file was { $seal }: what it says may not be what was documented. It is shown read-only.
session-not-saved = Not saved: { $error }. Your changes are kept in memory and brief keeps trying to save them.
session-read-only-refused = This record was changed outside brief, so it is read-only here: tell your supervisor.
session-dismiss = Dismiss
session-cancel = Cancel

## The profile (top bar and its form)
session-sex = Sex
session-female = Female
session-male = Male
session-not-recorded = Not recorded
session-sex-not-recorded = Sex not recorded
session-age = age { $age }
session-age-not-recorded = age not recorded
session-profile-pregnant = { $sex }, { $age }, pregnancy: { $pregnancy }
session-profile-sex = Profile sex: { $sex }
session-patient-age = Patient age
session-years = years
session-age-whole-years = Write the age in whole years
session-profile-pregnancy = Profile pregnancy: { $status }
session-save-profile = Save profile
session-cancel-profile = Cancel profile edit

## The step rail
session-steps = Steps
session-step-done = done
session-step-skipped = skipped
session-step-current = current
session-step-started = started
session-step-not-started = not started
# A step on the rail: "2. Screen · current"
session-step-rail = { $n }. { $title } · { $state }
session-step-rail-label = Step { $n }: { $title } ({ $state })
session-time-hover = Time since the session started
session-next-threshold = Next threshold at { $minutes } min
session-skip-step = Skip this step…
session-skip-reason = Reason for skipping
session-skip-confirm = Skip with this reason

## The components
session-components = Components { $delivered }/{ $total }
session-component-hover =
    { $definition }

    Delivered when: { $delivered_when }
session-mark = Mark
session-mark-label = Mark delivered: { $component }
session-mark-hover = Record it by hand in the current step, with the note below
session-how-prompt = prompt
session-how-by-hand = by hand
session-how-plan = from the plan
# After how a component was delivered, when it was delivered more than once: "(prompt, 2×)"
session-times = , { $count }×
session-not-yet = not yet
session-mark-note = Note for a mark
session-optional = optional

## The readiness notes
session-readiness = Stage of readiness
session-readiness-none = None recorded yet (goals step)
session-stage-not-set = stage not set
# The rulers' initials: importance, confidence, readiness.
session-ruler-importance = I
session-ruler-confidence = C
session-ruler-readiness = R
