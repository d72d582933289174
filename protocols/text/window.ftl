# The window's words that belong to no one view.

## The returning patient's banner (src/ui/prior.rs)
prior-returning = Returning patient — last visit { $date } with { $clinician }
prior-no-screening = no screening scored then
prior-stage = Stage then: { $stage }
prior-goal = Goal then: { $goal }
prior-safety = Safety flags then: { $flags }
prior-score-again = Score the same instrument again to see the change since then.
prior-change = Change: { $change }

## An instrument whose wording is not the validated translation (src/ui/steps/screen.rs)
screen-unofficial = Unofficial translation — replace with the official text
screen-unofficial-detail = { $instrument } ({ $language }): the wording in this file is a rendering, not the published validated translation. A clinic replaces it with the official text, word for word, and sets validated_translation: true.

## The intervention level in the closing step (src/ui/steps/closure.rs)
closure-level = Intervention level
closure-level-choice = { $name } ({ $duration })
closure-level-missing = Not recorded yet
