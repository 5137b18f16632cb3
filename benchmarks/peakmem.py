"""Run a script (``peakmem.py SCRIPT ARGS...``) and report its peak resident
memory on stderr as ``maxrss_kb=...`` when it exits."""
import os
import resource
import runpy
import sys


def main():
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    # as ``python SCRIPT`` would: the script's folder first on the path
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    try:
        runpy.run_path(script, run_name='__main__')
    finally:
        print('maxrss_kb=%d' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)


if __name__ == '__main__':
    main()
