#!/usr/bin/env python3
"""Independent Monte Carlo of IEEE 802.15.4 unslotted CSMA-CA (2450 MHz O-QPSK) in a star, the reference
for gradwire's 802.15.4 MAC in docs/validation.md: N members, 10 m around the coordinator, each send one
message at t = 0 (split into frames of at most 116 B of payload, one CSMA-CA per frame, a frame the MAC
gives up on dropped). Written from IEEE 802.15.4-2006 7.5.1.4 / Fig. 69 and ns-3 lr-wpan (LrWpanCsmaCa,
LrWpanMac, LrWpanPhy), not from gradwire's code. Time unit: symbols (16 us). Python 3, standard library.

  python3 scripts/validation/ieee802154_csma_mc.py --N 8 --bytes 50 --runs 1000

--model sinr | collision   reception: SINR with the Annex E error curve, or every overlap lost
--chunking ns3 | exact     SINR chunks as ns-3 cuts them (interference checked at the frame's end and at the
                           preamble end of frames begun during its preamble) or at every start and end of a signal
--delta D                  propagation delay (symbols); --ackmm 1: a sender retransmits at once when it decodes
                           another node's ACK (ns-3); --minbe, --maxnb: macMinBE, macMaxCSMABackoffs
Prints one JSON object: per-run means of the MAC counters, frame and message delivery ratios.
"""
import heapq, math, random, sys, json, argparse

SYM = 16e-6
UNIT = 20; CCA = 8; TA = 12; ACKAIR = 22       # aUnitBackoffPeriod, CCA, aTurnaroundTime, ACK PPDU 11 B
ACKWAIT = 54; LIFS = 40; SIFS = 12; PRE = 8      # macAckWaitDuration, IFS, ns-3 preamble (lock) 8 sym
MINBE, MAXBE, MAXNB, MAXRETRY = 3, 5, 4, 3

def ber(snr):
    s = 0.0
    for k in range(2, 17):
        s += ((-1) ** k) * math.comb(16, k) * math.exp(20.0 * snr * (1.0 / k - 1.0))
    return min(max(s * 8.0 / 15.0 / 16.0, 0.0), 1.0)

def frames_for(msg_bytes, maxpay=116, ovh=17):
    out = []
    while msg_bytes > 0:
        p = min(maxpay, msg_bytes); msg_bytes -= p
        ppdu = p + ovh
        out.append((ppdu * 2, ppdu - 6))  # airtime symbols, MPDU bytes
    return out

class Sim:
    def __init__(s, N, frames, model, chunking, delta, ack_mismatch, rng, dist=10.0, minbe=MINBE, maxnb=MAXNB):
        s.N, s.model, s.chunking, s.d, s.ackmm, s.rng = N, model, chunking, delta, ack_mismatch, rng
        s.minbe, s.maxnb = minbe, maxnb
        s.ev = []; s.seq = 0; s.now = 0.0
        s.tx = []                     # transmissions: dict id, src, dst, kind, s, e
        s.radio = {n: [] for n in range(N + 1)}   # own TX intervals (c, s, e)
        s.lockmemo = {}; s.okmemo = {}
        pos = {0: (0.0, 0.0)}
        for i in range(N):
            a = 2 * math.pi * i / N; pos[i + 1] = (dist * math.cos(a), dist * math.sin(a))
        s.P = {}
        for a in pos:
            for b in pos:
                if a != b:
                    d = max(1.0, math.dist(pos[a], pos[b]))
                    s.P[a, b] = 10 ** ((0 - 40.2 - 30 * math.log10(d)) / 10)   # mW, 0 dBm, n=3
        s.noise = 10 ** (-105 / 10)
        s.st = {}
        s.c = dict(frames=0, acked=0, caf=0, noack=0, tx=0, retries=0, busy=0, dataLost=0, ackLost=0, foreignAckRetry=0)
        s.msg_ok = {}
        for n in range(1, N + 1):
            s.st[n] = dict(q=list(frames), cur=None, nb=0, be=0, retries=0, state='idle', attempt=0, failed=False)
            s.c['frames'] += len(frames)
            s.at(0.0, s.next_frame, n)
        s.done = {}; s.delivered = set()

    def at(s, t, f, *a):
        s.seq += 1; heapq.heappush(s.ev, (t, s.seq, f, a))

    def run(s):
        while s.ev:
            t, _, f, a = heapq.heappop(s.ev); s.now = t; f(*a)

    # ---------------- MAC (sender) ----------------
    def next_frame(s, n):
        m = s.st[n]
        if not m['q']:
            m['state'] = 'idle'; m['cur'] = None; return
        m['cur'] = m['q'].pop(0); m['retries'] = 0; m['fidx'] = m.get('fidx', -1) + 1; s.start_csma(n)

    def start_csma(s, n):
        m = s.st[n]; m['state'] = 'csma'; m['nb'] = 0; m['be'] = s.minbe; s.backoff(n)

    def backoff(s, n):
        m = s.st[n]; k = s.rng.randrange(2 ** m['be'])
        s.at(s.now + k * UNIT + CCA, s.cca_end, n)

    def cca_busy(s, n, t):
        w0 = t - CCA
        for x in s.tx:
            if x['src'] == n: continue
            a0, a1 = x['s'] + s.d, x['e'] + s.d
            if a0 < t and a1 > w0: return True
        return False

    def cca_end(s, n):
        m = s.st[n]
        if s.cca_busy(n, s.now):
            s.c['busy'] += 1; m['nb'] += 1; m['be'] = min(m['be'] + 1, MAXBE)
            if m['nb'] > s.maxnb:
                s.c['caf'] += 1; m['failed'] = True; s.next_frame(n); return   # ns-3: drop, next frame at once
            s.backoff(n); return
        air, mpdu = m['cur']
        c = s.now; st = c + TA; e = st + air
        m['attempt'] += 1; att = m['attempt']; m['state'] = 'sending'
        x = dict(id=len(s.tx), src=n, dst=0, kind='data', s=st, e=e, c=c, fidx=m['fidx'])
        s.tx.append(x); s.radio[n].append((c, st, e)); s.c['tx'] += 1
        s.at(e, s.tx_end, n, att)
        s.at(e + s.d, s.data_arrived, x, n, att)

    def tx_end(s, n, att):
        m = s.st[n]
        if m['attempt'] != att: return
        m['state'] = 'ackwait'
        s.at(s.now + ACKWAIT, s.ack_timeout, n, att)

    def ack_timeout(s, n, att):
        m = s.st[n]
        if m['attempt'] != att or m['state'] != 'ackwait': return
        s.retry(n)

    def retry(s, n):
        m = s.st[n]
        if m['retries'] >= MAXRETRY:
            s.c['noack'] += 1; m['failed'] = True; s.next_frame(n); return
        m['retries'] += 1; s.c['retries'] += 1; s.start_csma(n)

    # ---------------- coordinator ----------------
    def data_arrived(s, x, n, att):
        if not s.received(0, x):
            s.c['dataLost'] += 1; return
        s.delivered.add((n, x['fidx']))
        c = s.now; st = c + TA; e = st + ACKAIR
        a = dict(id=len(s.tx), src=0, dst=n, kind='ack', s=st, e=e, c=c)
        s.tx.append(a); s.radio[0].append((c, st, e))
        s.at(e + s.d, s.ack_arrived, a, n, att)

    def ack_arrived(s, a, n, att):
        m = s.st[n]
        if m['attempt'] == att and m['state'] == 'ackwait' and s.received(n, a):
            s.c['acked'] += 1; m['state'] = 'ifs'; m['attempt'] += 1
            air, mpdu = m['cur']
            s.at(s.now + (LIFS if mpdu > 18 else SIFS), s.next_frame, n)
        elif m['attempt'] == att and m['state'] == 'ackwait':
            s.c['ackLost'] += 1
        if s.ackmm:   # ns-3: a node waiting for its ACK that decodes another node's ACK retransmits at once
            for k in range(1, s.N + 1):
                if k == n: continue
                mk = s.st[k]
                if mk['state'] == 'ackwait' and s.received(k, a):
                    s.c['foreignAckRetry'] += 1; mk['attempt'] += 1; s.retry(k)

    # ---------------- PHY reception (ns-3 LrWpanPhy semantics) ----------------
    def own_blocks_start(s, n, t):   # StartRx rejected unless state == RX_ON
        return any(st <= t < e + TA for (c, st, e) in s.radio[n])

    def own_blocks_lock(s, n, t):    # EndPreamble needs RX_ON and no pending TRX switch
        return any(c <= t < e + TA for (c, st, e) in s.radio[n])

    def busy_rx(s, n, t, exclude):
        for g in s.tx:
            if g is exclude or g['src'] == n: continue
            gl, ge = g['s'] + s.d + PRE, g['e'] + s.d
            if gl <= t < ge and (gl < t or g['id'] < exclude['id']) and s.locked(n, g):
                return True
        return False

    def power_at(s, n, t, exclude):
        p = 0.0
        for x in s.tx:
            if x is exclude or x['src'] == n: continue
            if x['s'] + s.d <= t < x['e'] + s.d: p += s.P[x['src'], n]
        return p

    def locked(s, n, f):
        key = (n, f['id'])
        if key in s.lockmemo: return s.lockmemo[key]
        s.lockmemo[key] = False
        a0 = f['s'] + s.d; L = a0 + PRE
        ok = not s.own_blocks_start(n, a0) and not s.own_blocks_lock(n, L)
        if ok and (s.busy_rx(n, a0, f) or s.busy_rx(n, L, f)): ok = False
        if ok:
            if s.model == 'collision':
                ok = True
            else:
                sinr = s.P[f['src'], n] / (s.noise + s.power_at(n, L, f))
                ok = 10 * math.log10(sinr) > -5
        s.lockmemo[key] = ok
        return ok

    def received(s, n, f):
        key = (n, f['id'])
        if key in s.okmemo: return s.okmemo[key]
        ok = s.locked(n, f)
        a0, a1 = f['s'] + s.d, f['e'] + s.d; L = a0 + PRE
        if ok:
            others = [x for x in s.tx if x is not f and x['src'] != n and x['s'] + s.d < a1 and x['e'] + s.d > a0]
            if s.model == 'collision':
                ok = not others
            else:
                if s.chunking == 'ns3':
                    cuts = [L] + sorted(x['s'] + s.d + PRE for x in others if a0 <= x['s'] + s.d < L and L < x['s'] + s.d + PRE < a1) + [a1]
                    for i in range(len(cuts) - 1):
                        t0, t1 = cuts[i], cuts[i + 1]
                        bits = math.ceil((t1 - t0) * SYM * 1000 * 250 - 1e-9)
                        # ns-3 evaluates the SINR of the chunk at its end (signals present then)
                        p = 0.0
                        for x in others:
                            if x['s'] + s.d <= t1 and x['e'] + s.d > t1: p += s.P[x['src'], n]
                        sr = (1 - ber(s.P[f['src'], n] / (s.noise + p))) ** bits
                        if sr < 1 and s.rng.random() >= sr: ok = False; break
                else:   # exact: cut at every start and end of another signal
                    pts = {L, a1}
                    for x in others:
                        for t in (x['s'] + s.d, x['e'] + s.d):
                            if L < t < a1: pts.add(t)
                    cuts = sorted(pts)
                    for i in range(len(cuts) - 1):
                        t0, t1 = cuts[i], cuts[i + 1]
                        bits = math.ceil((t1 - t0) * SYM * 1000 * 250 - 1e-9)
                        p = sum(s.P[x['src'], n] for x in others if x['s'] + s.d < t1 and x['e'] + s.d > t0)
                        sr = (1 - ber(s.P[f['src'], n] / (s.noise + p))) ** bits
                        if sr < 1 and s.rng.random() >= sr: ok = False; break
        s.okmemo[key] = ok
        return ok

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--N', type=int, default=8); ap.add_argument('--bytes', type=int, default=50)
    ap.add_argument('--runs', type=int, default=2000); ap.add_argument('--model', default='sinr')
    ap.add_argument('--chunking', default='ns3'); ap.add_argument('--delta', type=float, default=0.002)
    ap.add_argument('--ackmm', type=int, default=1); ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--minbe', type=int, default=MINBE); ap.add_argument('--maxnb', type=int, default=MAXNB)
    o = ap.parse_args()
    rng = random.Random(o.seed)
    fr = frames_for(o.bytes)
    tot = {}; msgs_ok = 0
    for r in range(o.runs):
        sim = Sim(o.N, fr, o.model, o.chunking, o.delta, bool(o.ackmm), rng, minbe=o.minbe, maxnb=o.maxnb)
        sim.run()
        for k, v in sim.c.items(): tot[k] = tot.get(k, 0) + v
        msgs_ok += sum(1 for n in range(1, o.N + 1) if not sim.st[n]['failed'])
        tot['deliveredFrames'] = tot.get('deliveredFrames', 0) + len(sim.delivered)
        msgs_dl = sum(1 for n in range(1, o.N + 1) if all((n, i) in sim.delivered for i in range(len(fr))))
        tot['deliveredMsgs'] = tot.get('deliveredMsgs', 0) + msgs_dl
    per = {k: round(v / o.runs, 3) for k, v in tot.items()}
    res = dict(args=vars(o), frames_per_msg=len(fr), per_run=per, frame_delivery=round(tot['acked'] / tot['frames'], 4),
               msg_delivery=round(msgs_ok / (o.runs * o.N), 4))
    print(json.dumps(res))

if __name__ == '__main__':
    main()
