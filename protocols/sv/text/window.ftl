# Fönstrets ord som inte hör till någon enskild vy.

## Banderollen för en återkommande patient (src/ui/prior.rs)
prior-returning = Återbesök — senaste besöket { $date } hos { $clinician }
prior-no-screening = ingen screening poängsattes då
prior-stage = Förändringsfas då: { $stage }
prior-goal = Mål då: { $goal }
prior-safety = Säkerhetsflaggor då: { $flags }
prior-score-again = Poängsätt samma instrument igen för att se förändringen sedan dess.
prior-change = Förändring: { $change }

## Ett instrument vars ordalydelse inte är den validerade översättningen (src/ui/steps/screen.rs)
screen-unofficial = Inofficiell översättning — ersätt med den officiella texten
screen-unofficial-detail = { $instrument } ({ $language }): ordalydelsen i filen är en återgivning, inte den publicerade validerade översättningen. Mottagningen ersätter den med den officiella texten ord för ord och sätter validated_translation: true.

## Insatsnivån i avslutningssteget (src/ui/steps/closure.rs)
closure-level = Insatsnivå
closure-level-choice = { $name } ({ $duration })
closure-level-missing = Inte registrerad än
