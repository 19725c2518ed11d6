# Answers many host-set questions with one ClusterShell process (nodeset's own NodeSet class;
# one nodeset process per question would take minutes). Reads one JSON string per line,
# writes one JSON object per line: fold (nodeset -f), expand (nodeset -e), count (nodeset -c),
# or error.
import json
import sys

from ClusterShell.NodeSet import NodeSet

for line in sys.stdin:
    text = json.loads(line)
    try:
        nodes = NodeSet(text)
        answer = {"fold": str(nodes), "expand": list(nodes), "count": len(nodes)}
    except Exception as e:  # a parse error is an answer too
        answer = {"error": str(e)}
    sys.stdout.write(json.dumps(answer) + "\n")
