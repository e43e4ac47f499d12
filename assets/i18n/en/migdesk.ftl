# migdesk's interface in English. Every message here has its twin in
# ../fr/migdesk.ftl with the same variables (the tests check it).

## Refusals: `refused by RULE: MESSAGE — REMEDY`

refused = refused by { $rule }: { $message } — { $remedy }

## Counts

steps-left = { $count ->
    [one] { $count } step left
   *[other] { $count } steps left
}

## Fact values

fact-yes = yes
fact-no = no
fact-unknown = unknown
