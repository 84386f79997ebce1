# The event sequence of a timeline, one line an event: what a scenario
# and a traced program that make the same calls must share (times,
# ports, sequence bases and pids aside).
[.events[] | if .type == "call" then "call \(.actor) \(.fn) \(.ret)"
 else "packet \(.from)>\(.to) \(.proto) \(.flags) cause=\(.cause) \(.origin)" end] | .[]
