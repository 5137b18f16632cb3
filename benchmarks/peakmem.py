"""Run a script (``peakmem.py SCRIPT ARGS...``) and report its peak resident
memory on stderr as ``maxrss_kb=...`` when it exits."""
import resource
import runpy
import sys


def main():
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    try:
        runpy.run_path(script, run_name='__main__')
    finally:
        print('maxrss_kb=%d' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)


if __name__ == '__main__':
    main()
