# L’interface de migdesk en français. Chaque message a son jumeau dans
# ../en/migdesk.ftl, avec les mêmes variables (les tests le vérifient).
# Typographie française : espace fine insécable avant ; ! ?, espace
# insécable avant : et à l’intérieur des « », apostrophe typographique.

## Refus : « refusé par RÈGLE : MESSAGE — REMÈDE »

refused = refusé par { $rule } : { $message } — { $remedy }

## Nombres

steps-left = { $count ->
    [one] { $count } étape restante
   *[other] { $count } étapes restantes
}

## Valeurs des faits

fact-yes = oui
fact-no = non
fact-unknown = inconnu
