# Varför en ändring av ett samtal inte godtogs (src/session/change.rs, src/session/plan.rs).

change-err-closed = samtalet är avslutat; ändra det med ett tillägg som anger ett skäl
change-err-not-closed = samtalet pågår fortfarande; ändra det direkt
change-err-amendment-reason = ett tillägg behöver ett skäl
change-err-skip-reason = att hoppa över steget "{ $step }" kräver ett skäl
change-err-unknown-step = det finns inget steg "{ $step }"
change-err-ruler = skalan går från { $min } till { $max }, angivet { $value }
change-err-nested = ett tillägg kan inte innehålla ett annat tillägg eller ett avslut
change-err-seal = samtalet kan inte förseglas: { $why }
change-err-no-flag = ingen säkerhetsflagga "{ $flag }" är satt i det här samtalet
change-err-safety-reason = att registrera att säkerhetsråd inte gavs kräver ett skäl
change-err-safety-unanswered = besvara säkerhetsflaggorna först (råd givna, eller inte givna och varför): { $flags }
change-err-safety-plan = säkerhetsbedömningen fann en risk: registrera den anhöriges säkerhetsplan innan samtalet avslutas
change-err-not-advised = "{ $option }" avråds för den här patienten ({ $why }); registrera varför det ändå valdes
plan-err-no-plan = det här protokollet har ingen plan för anhörigstöd
plan-err-what-approach = metod
plan-err-what-outcome = utfall
plan-err-what-role = roll
plan-err-what-safety-question = säkerhetsfråga
plan-err-unknown = det finns ingen { $what } "{ $id }" i det här protokollet
plan-err-needs-screen = besvara alla säkerhetsfrågor innan "{ $approach }" väljs
plan-err-blocked = "{ $approach }" erbjuds inte: { $question }
plan-err-needs-reason = { $what }: ange varför
plan-err-too-many-incidents = ett uttalande rymmer högst { $max } händelser; { $by }s har { $count }
plan-err-not-in-team = "{ $name }" finns inte i gruppen; lägg till personen först
plan-err-duplicate-name = två personer i gruppen heter "{ $name }"; ge var och en ett eget namn
plan-err-empty-incident = en händelse i { $by }s uttalande är tom; beskriv den eller ta bort den
