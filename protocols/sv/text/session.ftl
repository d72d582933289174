# Sessionsvyn (src/ui/session_view.rs): översta raden, profilformuläret, stegraden,
# komponenterna och anteckningarna om förändringsfas.

## Översta raden
session-back = « Samtal
session-family-case = Anhörigärende { $case }
session-continues = fortsätter samtalet från { $date }
session-patient = Patient { $patient }
session-edit-profile = Redigera profil…
session-clinician = Behandlare { $clinician }
session-closed-at = Avslutad { $time }
session-seal-changed = Filen ({ $seal }): innehållet stämmer kanske inte med det som dokumenterades. Den visas skrivskyddad.
session-not-saved = Inte sparad: { $error }. Dina ändringar finns kvar i minnet och brief fortsätter att försöka spara dem.
session-read-only-refused = Journalen har ändrats utanför brief och är därför skrivskyddad här: kontakta din handledare.
session-dismiss = Stäng
session-cancel = Avbryt

## Profilen (översta raden och formuläret)
session-sex = Kön
session-female = Kvinna
session-male = Man
session-not-recorded = Inte angivet
session-sex-not-recorded = Kön inte angivet
session-age = ålder { $age }
session-age-not-recorded = ålder inte angiven
session-profile-pregnant = { $sex }, { $age }, graviditet: { $pregnancy }
session-profile-sex = Profilens kön: { $sex }
session-patient-age = Patientens ålder
session-years = år
session-age-whole-years = Skriv åldern i hela år
session-profile-pregnancy = Profilens graviditet: { $status }
session-save-profile = Spara profil
session-cancel-profile = Avbryt redigering av profil

## Stegraden
session-steps = Steg
session-step-done = klart
session-step-skipped = hoppades över
session-step-current = pågår nu
session-step-started = påbörjat
session-step-not-started = inte påbörjat
session-step-rail = { $n }. { $title } · { $state }
session-step-rail-label = Steg { $n }: { $title } ({ $state })
session-time-hover = Tid sedan samtalet började
session-next-threshold = Nästa gräns vid { $minutes } min
session-skip-step = Hoppa över steget…
session-skip-reason = Skäl att hoppa över
session-skip-confirm = Hoppa över med detta skäl

## Komponenterna
session-components = Komponenter { $delivered }/{ $total }
session-component-hover =
    { $definition }

    Genomförd när: { $delivered_when }
session-mark = Markera
session-mark-label = Markera genomförd: { $component }
session-mark-hover = Registrera den för hand i det aktuella steget, med anteckningen nedan
session-how-prompt = fråga
session-how-by-hand = för hand
session-how-plan = från planen
session-times = , { $count }×
session-not-yet = inte än
session-mark-note = Anteckning till en markering
session-optional = valfritt

## Förändringsfas
session-readiness = Förändringsfas
session-readiness-none = Ingen registrerad än (målsteget)
session-stage-not-set = fas inte angiven
# Skalornas initialer: vikt, tilltro, beredskap.
session-ruler-importance = V
session-ruler-confidence = T
session-ruler-readiness = B
