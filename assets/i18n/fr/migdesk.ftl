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

## Pourquoi une étape est verrouillée, et que faire

lock-blocked-until = bloquée par `{ $rule }` tant que { $facts } { $count ->
    [one] n’a pas de réponse
   *[other] n’ont pas de réponse
} : { $message }
lock-blocked = bloquée par `{ $rule }` : { $message }
lock-needs-step = attend l’étape `{ $step }` ({ $title }) faite ou sautée
lock-needs-step-done-was-skipped = attend l’étape `{ $step }` ({ $title }) faite ; elle a été sautée, ce qui ne compte pas
lock-needs-step-done = attend l’étape `{ $step }` ({ $title }) faite, pas sautée
lock-needs-phase = attend la phase `{ $phase }` ({ $title }) terminée
lock-needs-phase-done = attend toutes les étapes de la phase `{ $phase }` ({ $title }) faites, pas sautées
lock-requires-fact-named = demande le fait { $fact }
lock-requires-fact = demande le fait `{ $fact }` ({ $label })
lock-undecided-when = son application dépend de { $facts }, encore inconnu
remedy-answer = répondez d’abord à { $facts }
remedy-answer-then = répondez d’abord à { $facts } ; { $remedy }
remedy-resolve-blocker = levez d’abord le blocage
remedy-finish-or-skip-step = faites ou sautez d’abord l’étape `{ $step }`
remedy-untick-and-do-step = décochez l’étape `{ $step }` et faites-la : une étape sautée ne lève pas cette attente
remedy-finish-step = faites d’abord l’étape `{ $step }` (une étape sautée ne lève pas cette attente)
remedy-finish-or-skip-phase = faites ou sautez d’abord chaque étape de la phase `{ $phase }`
remedy-finish-phase = faites d’abord chaque étape de la phase `{ $phase }` (les étapes sautées doivent être décochées et faites)
remedy-fill-fact-named = renseignez d’abord le fait { $fact }
remedy-fill-fact = renseignez d’abord le fait `{ $fact }`

## Statuts dérivés, tels qu’on les lit

status-blocked = bloqué
status-changes-requested = modifications demandées
status-in-review = en revue
status-in-progress = en cours
status-on-hold = en attente
status-done = terminé
status-cancelled = annulé

fact-invalid = { $value } (invalide)

## Un événement de l’historique (`step` et `fact` nommés par l’appelant)

event-created = a ouvert le dossier
event-set-fact = a mis { $fact } à { $value } (avant : { $before })
event-check = a coché { $step }
event-check-confirming = a coché { $step }, en confirmant « { $warning } »
event-uncheck = a décoché { $step }
event-skip = a sauté { $step }
event-note = a ajouté une note
event-approved = a approuvé { $step }
event-rejected = a refusé { $step }
event-reviewed = a revu { $step }
event-status = a changé le statut de { $from } en { $to }
event-assign = a confié le dossier à { $person } (avant : { $before })
event-resolve = a résolu l’avis de fusion { $notice }
event-due = a fixé l’échéance au { $date } à la main
event-due-playbook = a rendu l’échéance au calendrier du playbook
event-rename = a renommé le dossier en { $title } (avant : { $before })
event-undid = a annulé nº { $number } : { $what }
event-undone-by = (annulé par nº { $number })
event-with-text = { $what } : { $text }

## `show` et `list`

status-with-reason = { $status } ({ $reason })
status-rejected-on = { $status } (par { $by } sur { $step } : { $reason })
status-rejected = { $status } ({ $by } : { $reason })
due-overdue = { $date } en retard
list-empty = Aucun dossier en cours. `migdesk new PLAYBOOK --title TEXT` en ouvre un ; `--all` montre aussi les dossiers terminés et annulés.
list-case = DOSSIER
list-status = STATUT
list-done = FAIT
list-due = ÉCHÉANCE
list-playbook = PROCÉDURE
list-assignee = CHARGÉ
list-title = TITRE
show-playbook = procédure  { $id } v{ $version } — { $title }
show-status = statut     { $status }   avancement { $done }/{ $total }   échéance { $due }
show-assignee = chargé     { $person }   révision { $revision }
show-read-only = lecture seule { $reason }
show-blockers = BLOCAGES
show-answer-first = répondre d’abord : { $facts }
show-remedy = que faire : { $remedy }
show-alternative = autre procédure : { $playbook }
show-warnings = AVERTISSEMENTS
show-compared = COMPARAISONS
show-info = BON À SAVOIR  { $text }
show-facts = FAITS
show-locked = verrouillée : { $reason }
show-locked-case-blocked = verrouillée : le dossier est bloqué (voir BLOCAGES)
show-skipped = sautée : { $reason }
show-approved-by = approuvée par { $by } : { $reason }
show-rejected-by = refusée par { $by } : { $reason }
show-orphan-step = { $step } — n’est plus dans la procédure (conservée)
show-fact-problem = fait { $fact } : { $message }
show-notes = NOTES
show-history = HISTORIQUE

## `export --format md`

md-playbook = Procédure : { $id } (v{ $version }) — { $title }
md-status = Statut : { $status }
md-progress = Avancement : { $done }/{ $total }
md-due = Échéance : { $due }
md-assignee = Chargé du dossier : { $person }
md-created = Ouvert le : { $date }
md-blockers = Blocages
md-warnings = Avertissements
md-facts = Faits
md-facts-columns = | fait | valeur |
md-skipped = sautée : { $reason }
md-not-applicable = sans objet
md-notes = Notes
md-notes-columns = | quand | qui | note |
md-history = Historique
md-history-columns = | nº | quand | qui | quoi |

## Touches : ce que fait chacune, dans l’aide et le pied de page

key-quit = quitter
key-suspend-to-the-shell-fg-resumes = suspendre vers le shell (fg reprend)
key-new-case = nouveau dossier
key-load-demo-cases = charger des dossiers de démo
key-help = aide
key-next-case = dossier suivant
key-previous-case = dossier précédent
key-first-case = premier dossier
key-last-case = dernier dossier
key-next-page = page suivante
key-previous-page = page précédente
key-open-case = ouvrir
key-filter = filtrer
key-sort = trier
key-next-tab = onglet suivant
key-previous-tab = onglet précédent
key-review-mode = mode revue
key-clear-the-filter = effacer le filtre
key-keep-filter = garder le filtre
key-clear-filter = effacer le filtre
key-next-row = ligne suivante
key-previous-row = ligne précédente
key-next-step = étape suivante
key-previous-step = étape précédente
key-first-step = première étape
key-last-step = dernière étape
key-tick-untick = cocher
key-skip = sauter
key-note = note
key-assign-the-case-or-take-it = confier le dossier, ou le prendre
key-write-a-note-in-editor = écrire une note dans $EDITOR
key-copy-the-step-s-template = copier le modèle de l’étape
key-scroll-the-step-detail-down = faire défiler le détail vers le bas
key-scroll-the-step-detail-up = faire défiler le détail vers le haut
key-undo = annuler
key-facts = faits
key-open-the-blocker-s-alternative-playbook = ouvrir la procédure de rechange du blocage
key-back = retour
key-next-fact = fait suivant
key-previous-fact = fait précédent
key-first-fact = premier fait
key-last-fact = dernier fait
key-edit = modifier
key-yes-no = oui/non
key-unknown = inconnu
key-edit-a-long-fact-in-editor = modifier un long fait dans $EDITOR
key-add-a-note = ajouter une note
key-checklist = étapes
key-save = enregistrer
key-cancel = annuler
key-approve = approuver
key-reject = refuser
key-next = suivant
key-previous = précédent
key-next-playbook = procédure suivante
key-previous-playbook = procédure précédente
key-first-playbook = première procédure
key-last-playbook = dernière procédure
key-choose = choisir
key-next-field = champ suivant
key-previous-field = champ précédent
key-create = créer
key-back-create-nothing = retour, sans rien créer
key-next-value = valeur suivante
key-previous-value = valeur précédente
key-confirm = confirmer
key-submit = valider
key-pick = choisir
key-close = fermer
key-close-help = fermer l’aide
key-text-keys = touches de saisie
key-type-home-end-move-backspace-del-erase-ctrl-w-erase-a-word-ctrl-u-erase-all = tapez ; ← → Début Fin déplacent, Retour arrière Suppr effacent, Ctrl-W efface un mot, Ctrl-U efface tout
key-add-another-fact-of-the-playbook = ajouter un autre fait de la procédure
key-back-to-the-case = retour au dossier
key-cancel-the-case = annuler le dossier
key-clear-the-filter-or-the-dashboard-s-figure = effacer le filtre, ou le chiffre du tableau de bord
key-dashboard-of-the-whole-queue = tableau de bord de toute la file
key-first-figure = premier chiffre
key-last-figure = dernier chiffre
key-newest-event = événement le plus récent
key-next-assignee = chargé suivant
key-next-figure = chiffre suivant
key-next-panel = panneau suivant
key-oldest-event = événement le plus ancien
key-previous-figure = chiffre précédent
key-previous-panel = panneau précédent
key-put-the-case-on-hold = mettre le dossier en attente
key-rename-the-case = renommer le dossier
key-reopen-the-case = rouvrir le dossier
key-resolve-the-merge-notice = résoudre l’avis de fusion
key-review-oldest-first = relire, la plus ancienne d’abord
key-scroll-down = défiler vers le bas
key-scroll-up = défiler vers le haut
key-set-the-due-date-by-hand = fixer l’échéance à la main
key-sync-with-the-team-now = synchroniser avec l’équipe maintenant
key-the-case-s-whole-history = tout l’historique du dossier
key-these-cases-in-the-queue = ces dossiers dans la file

## L’aide

view-welcome = accueil
view-queue = file
view-queue-filter = filtre de la file
view-case-checklist = dossier — étapes
view-case-facts = dossier — faits
view-fact-input = saisie d’un fait
view-dashboard = tableau de bord
view-history = historique du dossier
view-review = revue
view-playbook-picker = nouveau dossier — procédure
view-new-case-text = nouveau dossier — champ texte
view-new-case-choice = nouveau dossier — champ à choix
view-confirm = confirmation
view-prompt = saisie
view-picker = choix d’une valeur
view-message = message
view-help = aide
help-title = Touches : { $view }
help-esc-closes = Échap ferme
help-markers = [ ] à faire  [x] fait  [-] sauté  ·  n/a  verrouillé : voir les raisons de l’étape

## Refus de cocher, décocher et sauter des étapes

refusal-approval-ticked-by-review = l’étape `{ $step }` ne se coche que par la revue d’une autre personne que le chargé du dossier
remedy-ask-reviewer-approve = demandez à un relecteur de l’approuver
refusal-acknowledge-tick = l’étape `{ $step }` demande une confirmation : { $warning }
remedy-acknowledge-tick = confirmez l’avertissement (--ack en ligne de commande) pour la cocher
refusal-nothing-to-untick = l’étape `{ $step }` n’est ni faite ni sautée
remedy-nothing-to-untick = rien à décocher
refusal-approved-untick = l’étape `{ $step }` a été approuvée en revue ; la décocher effacerait cette revue
remedy-ask-reviewer-reject = demandez à un relecteur de la refuser
refusal-approval-skip = l’étape `{ $step }` est une approbation et ne peut pas être sautée
remedy-ask-reviewer = demandez à un relecteur de l’approuver ou de la refuser
refusal-not-skippable = l’étape `{ $step }` ne peut pas être sautée : la procédure l’exige
remedy-do-and-tick = faites-la et cochez-la
refusal-acknowledge-skip = l’étape `{ $step }` demande une confirmation avant d’être sautée : { $warning }
remedy-acknowledge-skip = confirmez l’avertissement (--ack en ligne de commande) pour la sauter
refusal-skip-needs-reason = sauter l’étape `{ $step }` demande une raison
remedy-skip-reason = dites pourquoi l’étape ne s’applique pas
refusal-skip-reason-too-short = « { $reason } » est trop court pour dire à un relecteur pourquoi l’étape `{ $step }` a été sautée
remedy-skip-reason-longer = dites en quelques mots pourquoi l’étape ne s’applique pas (au moins { $words } mots, { $characters } lettres ou chiffres)
refusal-unknown-step = la procédure `{ $playbook }` n’a pas d’étape `{ $step }`
remedy-use-one-of = choisissez parmi : { $known }
refusal-locked = { $what } : { $reasons }
refusal-not-applicable = l’étape `{ $step }` ne s’applique pas à ce dossier (sa condition est fausse)
remedy-nothing-to-do = rien à faire pour cette étape
refusal-already-done = l’étape `{ $step }` est déjà faite
refusal-already-skipped = l’étape `{ $step }` est déjà sautée
remedy-untick-first = décochez-la d’abord pour la changer
refusal-cannot-tick = impossible de cocher l’étape `{ $step }`
refusal-cannot-skip = impossible de sauter l’étape `{ $step }`
refusal-needed-by-done = l’étape `{ $step }` est attendue par { $dependants }, déjà faites
remedy-untick-dependants = décochez d’abord { $dependants }

## Refus des autres changements

remedy-nothing = rien à faire
refusal-title = un dossier a besoin d’un titre
remedy-title = donnez comme titre le nom du client ou du compte
refusal-assignee-identity = « { $name } » ne peut pas être chargé du dossier : { $error }
remedy-assignee-flag = donnez le nom simple du chargé du dossier
remedy-plain-name = donnez un nom simple comme `alice` ou `zoé.bonnet`
refusal-fact-unchanged = le fait `{ $fact }` a déjà cette valeur
refusal-empty-note = une note ne peut pas être vide
remedy-empty-note = écrivez le texte de la note
refusal-status-unchanged = le dossier { $case } est déjà { $status }
refusal-already-assigned = le dossier { $case } est déjà confié à { $person }
refusal-on-hold = le dossier { $case } est en attente
refusal-cancelled = le dossier { $case } est annulé
remedy-reopen = rouvrez-le d’abord
refusal-not-approval = l’étape `{ $step }` n’est pas une approbation
remedy-tick-with-check = cochez-la plutôt
refusal-rejection-reason = un refus a besoin d’une raison
remedy-rejection-reason = dites ce qui doit être corrigé
refusal-reviewer-identity = « { $name } » ne peut pas relire : { $error }
remedy-reviewer-identity = relisez sous votre propre nom simple
remedy-four-eyes = demandez à quelqu’un d’autre (un chef d’équipe) de relire
refusal-four-eyes = { $reviewer } est chargé du dossier { $case } et ne peut pas le relire
refusal-four-eyes-written = { $reviewer } est chargé du dossier { $case } (écrit { $written }) et ne peut pas le relire
refusal-four-eyes-confusable = { $reviewer } ressemble à { $assignee }, chargé du dossier { $case } : un nom qu’on peut confondre avec celui du chargé ne peut pas relire
refusal-approval-role = l’étape `{ $step }` de { $case } est relue par un { $role }, et team.yaml ne fait pas de { $person } un { $role }
remedy-approval-role = demandez à un { $role } de relire
refusal-already-approved = l’étape `{ $step }` est déjà approuvée
refusal-not-ready-for-review = l’étape `{ $step }` n’est pas prête pour la revue
remedy-nothing-to-review = rien à relire

## Refus de valeurs de faits

refusal-invalid-value = `{ $value }` n’est pas une valeur valable ({ $kind }) pour le fait `{ $fact }`
remedy-answer-yes-no = répondez oui, non ou inconnu
remedy-give-number = donnez un nombre comme 12 ou 3,5
remedy-give-date = donnez une date AAAA-MM-JJ, par exemple 2026-11-23
remedy-give-datetime = donnez une date et une heure AAAA-MM-JJ HH:MM, par exemple 2026-11-23 09:00
remedy-pick-one-of = choisissez parmi : { $choices }
remedy-give-type = donnez une valeur du type du fait
refusal-out-of-range = `{ $value }` n’est pas accepté pour le fait `{ $fact }` : il faut { $constraint }
remedy-give-constraint = donnez { $constraint }
constraint-finite = un nombre fini
constraint-whole-from-to = un nombre entier de { $min } à { $max }
constraint-whole-at-least = un nombre entier d’au moins { $min }
constraint-whole-at-most = un nombre entier d’au plus { $max }
constraint-whole-any = un nombre entier entre -{ $limit } et { $limit }
constraint-from-to = un nombre de { $min } à { $max }
constraint-at-least = un nombre d’au moins { $min }
constraint-at-most = un nombre d’au plus { $max }
constraint-any = un nombre entre -{ $limit } et { $limit }
refusal-empty-text = le fait `{ $fact }` ne peut pas recevoir un texte vide
remedy-empty-text = donnez une valeur, ou `inconnu` pour l’effacer
refusal-not-a-choice = `{ $value }` n’est pas un des choix du fait `{ $fact }`
refusal-pattern = `{ $value }` n’a pas le format attendu pour le fait `{ $fact }` ({ $label })
remedy-match-pattern = donnez une valeur de la forme { $pattern }
remedy-match-pattern-example = donnez une valeur de la forme { $pattern }, par exemple { $example }
refusal-unknown-fact = la procédure `{ $playbook }` n’a pas de fait `{ $fact }`

remedy-join-team = demandez à un chef d’équipe de vous ajouter, puis `migdesk sync`

## La file

tab-pending = En cours
tab-review = À relire
tab-blocked = Bloqués
tab-done = Terminés
tab-all = Tous
tab-mine = Les miens
sort-due = échéance
sort-last-change = dernier changement
sort-id = identifiant
sort-status = statut
queue-sort = tri : { $sort } (s)
queue-sort-matching = tri : pertinence, puis { $sort } (s)
queue-reading-short = lecture de la file…
queue-case-count = { $count ->
    [one] { $shown } dossier
   *[other] { $shown } dossiers
}
queue-reading = Lecture de la file…
queue-reading-checked = Lecture de la file : { $files } fichiers de dossier, comparés à l’index des résumés…
queue-reading-progress = Lecture de la file : { $parsed } fichiers de dossier lus sur { $total } ({ $percent } %)
queue-reading-rest-indexed = { $read } ; les { $rest } autres viennent de l’index des résumés, qui est mis à jour.
queue-empty-tab = Aucun dossier dans { $tab }.
queue-no-match = Aucun dossier ne correspond à « { $filter } » dans { $tab }. Échap efface le filtre.
column-id = ID
column-title = Titre
column-playbook = Procédure
column-steps = Fait
column-due = Échéance
column-status = Statut
column-assignee = Chargé
column-changed = Modifié
queue-playbook-not-installed = procédure non installée
welcome-title = Bienvenue dans migdesk
welcome-what-1 = Chaque migration client est un dossier : une liste d’étapes tirée
welcome-what-2 = d’une procédure qui en fait respecter les règles.
welcome-no-cases-in = Aucun dossier pour l’instant dans { $dir }.
welcome-no-cases = Aucun dossier pour l’instant.
welcome-key-new = ouvrir un dossier : choisir une procédure, répondre à ses questions
welcome-key-demo = charger quelques dossiers de démonstration pour essayer
welcome-key-help = toutes les touches
welcome-key-quit = quitter
welcome-demo-note = Les dossiers de démo sont des dossiers ordinaires marqués `demo: true` ;
welcome-demo-delete = pour les supprimer : { $command }
dialog-fact-chooser = Ajouter un fait au formulaire
dialog-fact-chooser-hint = Entrée l’ajoute · Échap annule
welcome-unreadable = { $count ->
    [one] { $count } fichier de dossier illisible, laissé intact ; le premier : { $first }
   *[other] { $count } fichiers de dossier illisibles, laissés intacts ; le premier : { $first }
}

## Heures et dates (format de chrono)

ago-now = < 1 min
ago-minutes = { $count } min
ago-hours = { $count } h
ago-days = { $count } j
ago-yesterday = hier
ago-months = { $count } mois
ago-years = { $count } { $count ->
    [one] an
   *[other] ans
}
date-format = %d/%m/%Y
timestamp-format = %d/%m/%Y %H:%M

## La vue d’un dossier

case-demo = (démo)
case-progress = { $done }/{ $total } étapes
case-overdue-since = en retard depuis le { $date }
case-due = échéance { $date }
case-no-due-date = sans échéance
case-assignee = chargé : { $person }
case-changes-requested = modifications demandées par { $by } sur « { $step } » : { $reason }
case-read-only = lecture seule : { $reason }
case-blocks-steps = {" "}(bloque : { $steps })
case-blocked-banner = BLOQUÉ  { $reason }{ $scope }
case-blocked-then = ensuite : { $message }
case-open-alternative = o : ouvrir plutôt un dossier `{ $playbook }` (les faits communs suivent)
case-orphan-steps = étapes absentes de la procédure v{ $version } : { $steps }
case-more-lines = { $count ->
    [one] { $count } ligne de plus : le détail de l’étape donne toutes les raisons
   *[other] { $count } lignes de plus : le détail de l’étape donne toutes les raisons
}
step-done = faite
step-skipped = sautée
step-not-applicable = sans objet
step-locked = verrouillée
step-to-review = à relire
step-rejected = refusée
step-todo = à faire
pane-checklist = Étapes { $done }/{ $total }
pane-facts = Faits { $known }/{ $total }
pane-fact = Fait
pane-step = Étape
pane-step-more = Étape (PgDn : suite)
pane-step-back = Étape (PgUp : retour)

## Dialogues

dialog-confirm-hint = Entrée/y confirmer · Échap/n annuler
dialog-locked-step = « { $step } » ne peut pas changer pour l’instant :
dialog-locked = Verrouillée
dialog-esc-closes = Échap ferme
dialog-refused-by = Refusé par la règle `{ $rule }`
dialog-prompt-hint = Entrée valide · Échap annule
dialog-pick = Choisir une valeur
dialog-pick-hint = Entrée choisit · Échap annule

## Le détail d’une étape et d’un fait

detail-id = id { $id }
detail-owner = responsable : { $owner }
detail-done-by = Faite par { $by } le { $at }
detail-skipped-by = Sautée par { $by } le { $at } : { $reason }
detail-note = Note : { $note }
detail-confirmed = Confirmé : { $warning }
detail-approved-by = Approuvée par { $by } le { $at }
detail-rejected-by = Refusée par { $by } le { $at }
detail-not-applicable = Ne s’applique pas à ce dossier (sa condition est fausse).
detail-approval-yours = Étape d’approbation : cochée seulement par la revue d’une autre personne que vous, chargé du dossier ({ $assignee }).
detail-approval = Étape d’approbation : cochée seulement par la revue d’une autre personne que le chargé du dossier ({ $assignee }).
detail-locked = Verrouillée :
detail-asks-to-confirm = Demande une confirmation :
detail-instructions = Instructions
detail-template = Modèle (y le copie)
detail-source = Source : « { $source } »
detail-history = Historique
detail-case-notes = Notes du dossier ({ $count })
detail-good-to-know = Bon à savoir
detail-value = Valeur : { $value }
detail-choices = Choix : { $choices }
detail-example = Exemple : { $example }
detail-how-bool = Espace fait tourner oui / non / inconnu ; Suppr le rend inconnu.
detail-how-choice = Entrée choisit une valeur ; Suppr la rend inconnue.
detail-how-date = Entrée modifie (AAAA-MM-JJ) ; Suppr la rend inconnue.
detail-how-datetime = Entrée modifie (AAAA-MM-JJ HH:MM) ; Suppr la rend inconnue.
detail-how-long-text = Entrée ou E le modifie dans $EDITOR ; Suppr le rend inconnu.
detail-how-text = Entrée modifie sur place, E dans $EDITOR ; Suppr le rend inconnu.

## Un statut et sa raison dans la file

queue-status-reason = { "\u00A0" }: { $reason }

## Mode revue

review-nothing = Rien à relire.
review-position = Revue { $index }/{ $total }
review-to-approve = À approuver :
review-own-case = Vous êtes chargé du dossier { $case } : quelqu’un d’autre doit l’approuver (quatre yeux).
review-no-skip = Aucune étape sautée.
review-changes = Ce qui a changé depuis la soumission
review-skipped = Étapes sautées
review-facts = Faits

## Les écrans de nouveau dossier

new-case-pick = Nouveau dossier : choisissez une procédure
new-case-playbooks = Procédures
new-case-playbook-line = { $id } · v{ $version } · langue { $language } · { $phases } phases, { $steps } étapes
new-case-about = À propos
new-case-title-instead = Nouveau dossier : { $playbook } (au lieu de { $origin })
new-case-title = Nouveau dossier : { $playbook }
new-case-answers = Réponses
new-case-title-field = Titre (client ou compte)
new-case-assignee-field = Chargé du dossier
new-case-carried = Repris :
new-case-eligibility = Éligibilité
new-case-nothing-blocks = Rien ne bloque ce dossier pour l’instant.
new-case-enter-creates = Entrée le crée ; Échap ne crée rien.
new-case-not-eligible = Pas encore éligible
new-case-nothing-created = Rien n’est créé avant Entrée ; Échap ne crée rien.

## Entre deux raisons de verrouillage

reasons-separator = { "\u202F; " }

## Les messages de l’application

quoted = « { $text } »
app-before-ticking = Avant de cocher « { $step } »
app-before-skipping = Avant de sauter « { $step } »
app-no-template = cette étape n’a pas de modèle à copier
app-last-case = c’est le dernier dossier de la file
app-first-case = c’est le premier dossier de la file
app-editor-failed = l’éditeur ne s’est pas lancé : { $error }
app-note-empty = la note était vide : rien d’ajouté
app-notice-resolved = avis de fusion résolu
app-note-added = note ajoutée
app-nothing-to-review = aucun dossier n’attend de revue
app-last-review = c’est la dernière étape à relire
app-first-review = c’est la première étape à relire
app-case-gone = le dossier { $case } n’existe plus
app-cannot-undo = impossible d’annuler : { $reason }
app-undone = annulé : { $what }
app-nothing-to-undo = rien à annuler : aucun changement sur ce dossier pendant cette session
app-cannot-reread = impossible de relire { $case } : { $error }
app-reloaded = { $case } a changé sur le disque et a été rechargé
app-deleted = { $case } a été supprimé du disque
app-change-dropped = votre changement a été abandonné
app-saved-confirmed = { $what } (avertissement confirmé)
app-saved = { $what } : enregistré
app-case-change = { $case } : { $what }
app-already-unknown = { $fact } est déjà inconnu
app-cannot-read = impossible de lire { $case } : { $error }
app-created = { $case } créé
app-create-blocked = { $reasons }

    Créer quand même le dossier ? Il restera bloqué tant que ce n’est pas résolu.
app-sorted-by = trié par { $sort }
app-demo-failed = impossible d’enregistrer un dossier de démo : { $error }

## Un changement sur le point d’être fait (messages, annulation)

change-set-fact = mettre { $fact } à { $value }
change-tick = cocher { $step }
change-untick = décocher { $step }
change-skip = sauter { $step }
change-note = ajouter une note
change-approve = approuvé { $step }
change-reject = refusé { $step }
change-status = mettre le statut à { $status }
change-resolve = résoudre un avis de fusion
change-assign = confier à { $person }
change-rename = renommer en « { $title } »
change-due = fixer l’échéance au { $date }
change-due-playbook = rendre l’échéance au calendrier du playbook
change-hold = mettre en attente
change-cancel = annuler le dossier
change-reopen = rouvrir le dossier

## Enregistrement

app-read-only-title = Dossier en lecture seule
app-read-only = { $case } ne peut pas être modifié ici : { $reason }
app-waiting-held = en attente de { $case } (tenu par { $holder })
app-waiting = en attente de l’enregistrement de { $case }
app-not-saved-yet-title = Pas encore enregistré
app-not-saved-yet = Votre changement ({ $what }) est { $waiting }. Quitter quand même ? Le changement ne sera pas enregistré.
app-keys-dropped = { $count ->
    [one] La touche pressée entre-temps n’a pas été appliquée.
   *[other] Les { $count } touches pressées entre-temps n’ont pas été appliquées.
}
app-changed-on-disk-title = Modifié sur le disque
app-changed-on-disk = { $case } a été modifié par quelqu’un d’autre depuis que vous l’avez ouvert : votre changement ({ $what }) n’a pas été enregistré. Le dossier montre maintenant sa version.{ $dropped }

    Appliquer à nouveau votre changement par-dessus ?
app-not-saved-title = Non enregistré
app-not-saved = Votre changement ({ $what }) de { $case } n’a pas été enregistré : { $message }{ $dropped }

    Il est gardé ici jusqu’à votre décision. Réessayer l’enregistrement ?
app-saved-not-safe-title = Enregistré, mais pas encore en sûreté
