#!/usr/bin/env python
from minka.cli import main

if __name__ == "__main__":
    main()
