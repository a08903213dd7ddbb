"""``python -m eitflow.cli``: the console script."""
from eitflow.cli import main

main()
