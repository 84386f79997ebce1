#!/usr/bin/env python3
"""Phases of runs from a tracefs syscall trace; see bench/trace_phases.sh.

    trace_phases.py TRACE LABEL,LABEL,...

TRACE holds syscalls:sys_enter_*/sys_exit_* events (record-tgid, mono
clock) of bench/timeit and its children. Every process that calls
unshare() is one run; runs are labelled in spawn order, round-robin, by
the LABELs (timeit's order of commands), the first round (timeit's
warm-up) left out. Each phase is the time between two landmark calls of
the run's main thread; 'reaped' is timeit's wait4() returning.
"""
import re
import statistics
import sys
from collections import defaultdict

LINE = re.compile(r'^\s*(.+?)-(\d+)\s+\(\s*[\d-]+\)\s+\[\d+\]\s+\S+\s+'
                  r'([\d.]+): sys_(\w+)(.*)$')


def parse(path):
    ev = defaultdict(list)    # tid -> [(ms, 'e'|'x', syscall, args|ret)]
    reaped = {}               # pid -> ms when timeit's wait4 returned it
    for line in open(path, errors='replace'):
        m = LINE.match(line)
        if not m:
            continue
        comm, tid, t, name, rest = m.groups()
        t = float(t) * 1000
        if rest.startswith(' -> '):
            kind, val = 'x', int(rest[4:], 16)
            if val >= 1 << 63:
                val -= 1 << 64
        else:
            kind, val = 'e', rest
        if comm == 'timeit' and name == 'wait4' and kind == 'x':
            reaped[val] = t
        ev[int(tid)].append((t, kind, name, val))
    return ev, reaped


def phases(es, t_reaped, full):
    """Landmark times of one run's main thread, or None if incomplete."""
    def at(name, kind='e', after=-1e18, cond=lambda e: True):
        for e in es:
            if e[2] == name and e[1] == kind and e[0] > after and cond(e):
                return e[0]
        return None

    M = {}
    M['exec'] = at('execve')
    M['unshare'] = at('unshare')
    # libpcap's PACKET_RX_RING (optname 5) with a 28-byte tpacket_req3
    ring = next((e for e in es if e[2] == 'setsockopt' and e[1] == 'e' and
                 'optname: 5,' in e[3] and 'optlen: 0x1c' in e[3]), None)
    if ring is None or None in M.values():
        return None
    M['rx_ring'] = ring[0]
    fd = re.search(r'fd: (\w+)', ring[3]).group(1)
    M['rx_ring done'] = at('setsockopt', 'x', ring[0])
    M['mmap done'] = at('mmap', 'x', M['rx_ring done'] or 0)
    if full:
        M['fork actors'] = at('clone', 'e', M['mmap done'] or 0)
        M['capture thread'] = at('clone3', 'e', M['mmap done'] or 0)
        M['steps'] = at('ppoll', 'e', M['capture thread'] or 0)
        M['end markers'] = at('sched_setaffinity', 'e', M['steps'] or 0)
        M['kill actors'] = at('kill', 'e', M['end markers'] or 0)
    M['munmap'] = at('munmap', 'e', M['mmap done'] or 0)
    M['close'] = at('close', 'e', M['munmap'] or 0,
                    lambda e: 'fd: %s)' % fd in e[3])
    M['close done'] = at('close', 'x', M['close'] or 0)
    M['exit_group'] = at('exit_group', 'e', M['close done'] or 0)
    M['reaped'] = t_reaped
    return None if None in M.values() else M


NOTES = {
    'exec': 'ld.so, libpcap and its libraries, parsing',
    'unshare': 'namespaces, lo up, pcap_create, socket setup',
    'rx_ring': 'setsockopt(PACKET_RX_RING): alloc + synchronize_net',
    'rx_ring done': 'mmap of the ring',
    'mmap done': '',
    'fork actors': 'fork, PTRACE_TRACEME, SIGSTOP, attach',
    'capture thread': 'thread start, start marker seen',
    'steps': "the scenario's calls, final states",
    'end markers': 'a marker per CPU, join the capture thread',
    'kill actors': 'SIGKILL and reap the actors',
    'munmap': '',
    'close': 'close(packet socket): ring teardown + synchronize_net',
    'close done': 'correlate, render, write (sockviz)',
    'exit_group': 'process teardown until reaped',
}


def main():
    ev, reaped = parse(sys.argv[1])
    labels = sys.argv[2].split(',')
    mains = sorted((next(e[0] for e in es if e[2] == 'execve'), tid)
                   for tid, es in ev.items()
                   if any(e[2] == 'unshare' for e in es) and
                   any(e[2] == 'execve' for e in es))
    rows = defaultdict(lambda: defaultdict(list))
    for k, (_, tid) in enumerate(mains):
        if k < len(labels) or tid not in reaped:
            continue          # the warm-up round; a run cut off
        label = labels[k % len(labels)]
        M = phases(ev[tid], reaped[tid], label != labels[0])
        if M is None:
            continue
        keys = list(M)
        for a, b in zip(keys, keys[1:]):
            rows[label][(a, b)].append(M[b] - M[a])
        rows[label][('exec', 'reaped')].append(M['reaped'] - M['exec'])
    for label in labels:
        P = rows.get(label)
        if not P:
            continue
        n = len(P[('exec', 'reaped')])
        print(f'{label}: {n} runs, ms: median (p10 p90)')
        for (a, b), v in P.items():
            v = sorted(v)
            def q(p):
                return v[max(0, -(-p * len(v) // 100) - 1)]
            what = 'whole run' if (a, b) == ('exec', 'reaped') else \
                NOTES.get(a) or ''
            span = f'{a} -> {b}'
            print(f'  {span:34s} {statistics.median(v):7.2f} '
                  f'({q(10):6.2f} {q(90):6.2f})  {what}')
        print()


if __name__ == '__main__':
    main()
