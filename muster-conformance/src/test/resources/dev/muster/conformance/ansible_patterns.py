# Answers host-pattern questions with one Ansible process: the InventoryManager and list_hosts
# that `ansible PATTERN -i INVENTORY --list-hosts` uses (one ansible process per pattern takes
# seconds). Reads one JSON object per line, {"inventory": PATH, "pattern": TEXT}; writes one JSON
# object per line: {"hosts": [...]} or {"error": TEXT}.
import json
import sys

from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader

managers = {}
for line in sys.stdin:
    question = json.loads(line)
    path = question["inventory"]
    try:
        if path not in managers:
            managers[path] = InventoryManager(loader=DataLoader(), sources=[path])
        hosts = managers[path].list_hosts(question["pattern"])
        answer = {"hosts": [str(h) for h in hosts]}
    except Exception as e:
        answer = {"error": str(e)}
    sys.stdout.write(json.dumps(answer) + "\n")
