#!/usr/bin/env python3
"""Writes the small captures under tests/captures/ that the tests replay, classify and compare
with tshark. Every byte is made here (standard library only, no packet library), so the
captures are the project's own: no third party's licence applies to them. Deterministic: the
same script writes the same files (random choices from fixed seeds).

  scripts/make_test_captures.py [OUT_DIR]     (default: tests/captures)

Files (pcap: microsecond timestamps; pcapng: nanosecond timestamps, two interfaces):
  hand.pcapng     a few frames whose fields tests/capture/test_classify.cpp states by hand
  vlan.pcapng     tag stacks: none, 802.1Q, 802.1ad + 802.1Q, priority tags, 0x8100 twice,
                  0x9100, an S-tag alone, tags cut by the snapshot length
  ipv4.pcap       options (IHL 5..15), bad checksums, TTLs, fragments, lengths, IHL < 5,
                  version != 4, short frames, snapshot cuts inside the header and the ports
  ipv6.pcapng     UDP, TCP, hop limits, traffic classes, extension headers (hop-by-hop,
                  routing, fragment, destination options), ICMPv6, no next header
  l4_nonip.pcap   TCP with options, UDP (RoCEv2), ICMP, ARP, LLDP, 802.3 length + LLC,
                  MAC control (PFC), MPLS, PPPoE, IPX-style types, jumbo frames cut to 128 B
  fuzz.pcap       2000 frames: random encapsulations, lengths, options and flags, then random
                  byte changes and snapshot cuts (seed 19; 96 bytes captured at most)
  rate.pcapng     1000 frames of 1000 bytes (64 captured) every 163.2 ns from one host: 0.5 of
                  a 100G port
  burst.pcapng    1130 frames of 64 bytes 1 ns apart from one host to another: denser than any
                  port sends, so a partner's queue would fill if it made the whole burst
                  before sending any
"""
import os
import random
import struct
import sys


# ---- headers ---------------------------------------------------------------------------
def mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(dst, src, ethertype, payload, tags=()):
    """tags: [(tpid, tci), ...] outermost first"""
    h = mac(dst) + mac(src)
    for tpid, tci in tags:
        h += struct.pack("!HH", tpid, tci)
    return h + struct.pack("!H", ethertype) + payload


def ipv4(src, dst, proto, payload, ttl=64, tos=0, ident=1, flags_frag=0x4000, options=b"",
         bad_csum=False, ihl=None, total=None, version=4):
    options += b"\0" * (-len(options) % 4)
    hl = ihl if ihl is not None else 5 + len(options) // 4
    length = total if total is not None else 20 + len(options) + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", (version << 4) | hl, tos, length, ident, flags_frag, ttl, proto, 0,
                    bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))) + options
    c = csum(h[:4 * hl] if 4 * hl <= len(h) else h)
    if bad_csum:
        c ^= 0x0101
    h = h[:10] + struct.pack("!H", c) + h[12:]
    return h + payload


def v6addr(text):
    head, _, tail = text.partition("::")
    hw = [int(x, 16) for x in head.split(":") if x]
    tw = [int(x, 16) for x in tail.split(":") if x]
    words = hw + [0] * (8 - len(hw) - len(tw)) + tw
    return struct.pack("!8H", *words)


def ipv6(src, dst, nh, payload, hop=64, tc=0, flow=0, plen=None, version=6):
    length = len(payload) if plen is None else plen
    return struct.pack("!IHBB", (version << 28) | (tc << 20) | flow, length, nh, hop) + v6addr(src) + v6addr(dst) + payload


def ext(nh, body=b"\0" * 6):  # hop-by-hop / routing / destination options: 8 bytes
    return struct.pack("!BB", nh, 0) + body


def frag6(nh, offset, more, ident=7):
    return struct.pack("!BBHI", nh, 0, (offset << 3) | more, ident)


def udp(sport, dport, payload=b""):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport, dport, flags=0x18, options=b"", payload=b""):
    options += b"\0" * (-len(options) % 4)
    off = 5 + len(options) // 4
    return struct.pack("!HHIIHHHH", sport, dport, 1000, 2000, (off << 12) | flags, 65535, 0, 0) + options + payload


def pad(frame, size):
    """frame (without FCS) to `size` bytes on the wire with FCS: size - 4 bytes"""
    return frame + b"\0" * max(0, size - 4 - len(frame))


# ---- files -----------------------------------------------------------------------------
def write_pcap(path, records):
    """records: [(time_ns, data, original_length)]"""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for t, data, orig in records:
            f.write(struct.pack("<IIII", t // 10**9, (t % 10**9) // 1000, len(data), orig) + data)


def block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = len(body) + 12
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def write_pcapng(path, records, interfaces=2):
    """records: [(time_ns, data, original_length, interface)]"""
    out = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    for i in range(interfaces):
        name = ("eth%d" % i).encode()
        opts = struct.pack("<HH", 2, len(name)) + name + b"\0" * (-len(name) % 4)
        opts += struct.pack("<HHB3x", 9, 1, 9) + struct.pack("<HH", 0, 0)
        out += block(1, struct.pack("<HHI", 1, 0, 0) + opts)
    for t, data, orig, iface in records:
        out += block(6, struct.pack("<IIIII", iface, t >> 32, t & 0xFFFFFFFF, len(data), orig) + data)
    with open(path, "wb") as f:
        f.write(out)


def whole(frame):
    return frame, len(frame)


def cut(frame, snap):
    return frame[:snap], len(frame)


# ---- the captures ----------------------------------------------------------------------
H1, H2, H3 = "02:00:00:01:00:03", "02:00:00:00:00:05", "00:1b:21:3a:4f:5c"
BCAST = "ff:ff:ff:ff:ff:ff"


def hand():
    frames = [
        # 1: untagged IPv4 UDP, DSCP 46 (EF), 10.0.0.1 -> 10.0.0.2, TTL 64, 1234 -> 4791, 128 B
        pad(eth(H2, H1, 0x0800, ipv4("10.0.0.1", "10.0.0.2", 17, udp(1234, 4791, b"\0" * 78), tos=46 << 2)), 128),
        # 2: 802.1Q VID 100 PCP 3, IPv6 TCP 2001:db8::1 -> 2001:db8::2, hop limit 33, 8080 -> 80
        eth(H2, H1, 0x86DD, ipv6("2001:db8::1", "2001:db8::2", 6, tcp(8080, 80), hop=33), [(0x8100, (3 << 13) | 100)]),
        # 3: 802.1ad S-VID 200 + C-VID 10 PCP 5, IPv4 IHL 7 (two NOP words), bad checksum, TTL 1,
        #    TCP 443 -> 50000, to a third host
        eth(H3, H1, 0x0800, ipv4("192.168.1.1", "192.168.1.2", 6, tcp(443, 50000), ttl=1, options=b"\x01" * 8,
                                 bad_csum=True), [(0x88A8, 200), (0x8100, (5 << 13) | 10)]),
        # 4: ARP request, broadcast, 42 bytes as captured at the sender (padded to 64 on the wire)
        eth(BCAST, H1, 0x0806, bytes.fromhex("0001080006040001") + mac(H1) + bytes([10, 0, 0, 1]) + b"\0" * 6 +
            bytes([10, 0, 0, 2])),
        # 5: IPv4 fragment at offset 185 x 8 bytes, UDP (no UDP header in it), 10.0.0.1 -> 10.0.0.2
        pad(eth(H2, H1, 0x0800, ipv4("10.0.0.1", "10.0.0.2", 17, b"\x04\xd2\x16\x2e" + b"\0" * 40, ttl=5,
                                     flags_frag=185)), 90),
    ]
    recs = [(1000 * i, f, len(f), 0) for i, f in enumerate(frames)]
    # 6: a 1506-byte IPv4 UDP frame (1510 on the wire) cut to 30 bytes by the snapshot length, on interface 1
    big = eth(H2, H1, 0x0800, ipv4("10.0.0.1", "10.0.0.2", 17, udp(1, 2, b"\0" * 1464)))
    recs.append((5000, big[:30], len(big), 1))
    return recs


def vlan():
    p4 = ipv4("10.1.0.1", "10.1.0.2", 17, udp(5000, 6000, b"\0" * 20))
    stacks = [
        [], [(0x8100, 7)], [(0x8100, (7 << 13) | 4094)], [(0x8100, 0)], [(0x8100, (2 << 13) | (1 << 12) | 5)],
        [(0x88A8, 100), (0x8100, 10)], [(0x88A8, (1 << 13) | 4095), (0x8100, (6 << 13) | 1)],
        [(0x8100, 100), (0x8100, 10)], [(0x9100, 100), (0x8100, 10)], [(0x88A8, 100)], [(0x88A8, 1), (0x88A8, 2)],
        [(0x8100, 1), (0x88A8, 2)], [(0x88A8, 3), (0x8100, 4), (0x8100, 5)],
    ]
    recs = []
    t = 0
    for tags in stacks:
        for et, pl in ((0x0800, p4), (0x86DD, ipv6("fd00::1", "fd00::2", 17, udp(1, 2, b"\0" * 10))),
                       (0x0806, b"\0" * 28)):
            f = eth(H2, H1, et, pl, tags)
            recs.append((t, f, len(f), t % 2))
            t += 100
    for snap in range(10, 27):  # tags and EtherType cut by the snapshot length
        f = eth(H2, H1, 0x0800, p4, [(0x88A8, 100), (0x8100, 10)])
        recs.append((t, f[:snap], len(f), 0))
        t += 100
    return recs


def ipv4_set():
    rng = random.Random(4)
    recs = []
    t = 0

    def add(frame, snap=None, size=None):
        nonlocal t
        if size:
            frame = pad(frame, size)
        data, orig = cut(frame, snap) if snap else whole(frame)
        recs.append((t * 1000, data, orig))
        t += 1

    for words in range(0, 11):  # options: IHL 5..15
        opts = bytes([7, 4 * words - 1 if words else 0, 4] + [0] * max(0, 4 * words - 3))[:4 * words] if words else b""
        add(eth(H2, H1, 0x0800, ipv4("172.16.0.%d" % words, "172.16.1.1", 17, udp(1000 + words, 53), options=opts)))
        add(eth(H2, H1, 0x0800, ipv4("172.16.0.%d" % words, "172.16.1.1", 6, tcp(2000 + words, 443),
                                     options=b"\x01" * (4 * words), bad_csum=True)))
    for ttl in (0, 1, 2, 64, 255):
        add(eth(H2, H1, 0x0800, ipv4("10.9.0.1", "10.9.0.2", 17, udp(7, 7), ttl=ttl)), size=64)
    for ff in (0x0000, 0x4000, 0x2000, 0x2001, 0x00B9, 0x1FFF, 0x8000, 0x6000):  # flags / fragment offsets
        add(eth(H2, H1, 0x0800, ipv4("10.9.1.1", "10.9.1.2", 17, udp(1111, 2222, b"\0" * 16), flags_frag=ff)))
        add(eth(H2, H1, 0x0800, ipv4("10.9.1.1", "10.9.1.2", 6, tcp(3333, 4444), flags_frag=ff)))
    for total in (0, 19, 20, 21, 23, 24, 26, 28, 46, 1500):  # total length against the header and frame
        add(eth(H2, H1, 0x0800, ipv4("10.9.2.1", "10.9.2.2", 17, udp(1, 2, b"\0" * 18), total=total)))
    for ihl in (0, 1, 4):  # IHL below 5
        add(eth(H2, H1, 0x0800, ipv4("10.9.3.1", "10.9.3.2", 17, udp(1, 2), ihl=ihl)))
    for version in (0, 6, 15):  # not version 4 under EtherType 0x0800
        add(eth(H2, H1, 0x0800, ipv4("10.9.4.1", "10.9.4.2", 17, udp(1, 2), version=version)))
    for snap in (14, 20, 24, 30, 33, 34, 35, 36, 37, 38, 40, 42):  # cuts inside the header and ports
        add(eth(H2, H1, 0x0800, ipv4("10.9.5.1", "10.9.5.2", 17, udp(9, 10, b"\0" * 100))), snap=snap)
    for snap in (40, 50, 58, 60, 62):  # the same with 2 option words
        add(eth(H2, H1, 0x0800, ipv4("10.9.5.3", "10.9.5.4", 6, tcp(9, 10), options=b"\x01" * 8)), snap=snap)
    for proto in (1, 2, 47, 50, 89, 132, 255):  # other protocols: no ports
        add(eth(H2, H1, 0x0800, ipv4("10.9.6.1", "10.9.6.2", proto, b"\x08\x00" + b"\0" * 30)))
    for _ in range(40):  # random addresses, TOS and TTL, valid checksums
        a = ".".join(str(rng.randrange(256)) for _ in range(4))
        b = ".".join(str(rng.randrange(256)) for _ in range(4))
        add(eth(H2, H1, 0x0800, ipv4(a, b, rng.choice((6, 17)), udp(rng.randrange(65536), rng.randrange(65536)),
                                     ttl=rng.randrange(256), tos=rng.randrange(256))), size=rng.choice((64, 128, 1518)))
    return recs


def ipv6_set():
    recs = []
    t = 0
    srcs = ["2001:db8::1", "fe80::1", "::1", "ff02::1", "2001:db8:85a3::8a2e:370:7334", "::ffff:0:0"]

    def add(frame, snap=None, iface=0):
        nonlocal t
        data, orig = cut(frame, snap) if snap else whole(frame)
        recs.append((t * 500, data, orig, iface))
        t += 1

    for i, s in enumerate(srcs):
        for hop in (0, 1, 64, 255):
            add(eth(H2, H1, 0x86DD, ipv6(s, srcs[(i + 1) % len(srcs)], 17, udp(100 + i, 200 + hop), hop=hop, tc=i * 40,
                                         flow=0x12345)), iface=i % 2)
        add(eth(H2, H1, 0x86DD, ipv6(s, "2001:db8::99", 6, tcp(40000 + i, 443), hop=7)))
    chains = [  # extension headers before UDP / TCP
        (0, ext(17) + udp(1, 2)), (43, ext(6) + tcp(3, 4)), (44, frag6(17, 0, 1) + udp(5, 6)),
        (44, frag6(17, 100, 0) + b"\0" * 8), (60, ext(17) + udp(7, 8)), (0, ext(60) + ext(6) + tcp(9, 10)),
        (58, bytes([128, 0, 0, 0, 0, 1, 0, 1])), (59, b""), (17, udp(4791, 4791, b"\0" * 30)),
    ]
    for nh, payload in chains:
        add(eth(H2, H1, 0x86DD, ipv6("2001:db8::a", "2001:db8::b", nh, payload)))
    for plen in (0, 2, 3, 4, 7, 8, 500):  # payload length against the UDP header and the frame
        add(eth(H2, H1, 0x86DD, ipv6("2001:db8::e", "2001:db8::f", 17, udp(13, 14, b"\0" * 8), plen=plen)))
    for version in (0, 4, 7, 15):  # not version 6 under EtherType 0x86DD
        add(eth(H2, H1, 0x86DD, ipv6("2001:db8::e", "2001:db8::f", 6, tcp(15, 16), version=version)))
    for snap in (14, 20, 21, 22, 30, 37, 38, 53, 54, 55, 56, 57, 58):  # cut by the snapshot length
        add(eth(H2, H1, 0x86DD, ipv6("2001:db8::c", "2001:db8::d", 17, udp(11, 12, b"\0" * 40))), snap=snap)
    return recs


def l4_nonip():
    recs = []
    t = 0

    def add(frame, snap=None):
        nonlocal t
        data, orig = cut(frame, snap) if snap else whole(frame)
        recs.append((t * 2000, data, orig))
        t += 1

    mss = b"\x02\x04\x05\xb4\x01\x03\x03\x07\x04\x02\x08\x0a" + b"\0" * 8
    add(eth(H2, H1, 0x0800, ipv4("10.2.0.1", "10.2.0.2", 6, tcp(51000, 22, 0x02, mss))))
    add(eth(H2, H1, 0x0800, ipv4("10.2.0.2", "10.2.0.1", 6, tcp(22, 51000, 0x12, mss))))
    add(eth(H2, H1, 0x0800, ipv4("10.2.0.1", "10.2.0.2", 17, udp(49152, 4791, b"\0" * 40), tos=26 << 2)))
    add(eth(H2, H1, 0x0800, ipv4("10.2.0.1", "10.2.0.2", 1, bytes([8, 0, 0xf7, 0xff, 0, 0, 0, 0]))))
    add(eth(BCAST, H1, 0x0806, bytes.fromhex("0001080006040001") + mac(H1) + bytes([10, 2, 0, 1]) + b"\0" * 10))
    add(eth("01:80:c2:00:00:0e", H1, 0x88CC, bytes.fromhex("0207040200000100030603020078") + b"\0\0"))
    llc = bytes.fromhex("424203000000000080000000000000000000000000000000000000000000000000000000")
    add(mac("01:80:c2:00:00:00") + mac(H1) + struct.pack("!H", len(llc)) + llc)
    add(eth("01:80:c2:00:00:01", H1, 0x8808, bytes.fromhex("01010001ffff") + b"\0" * 40))
    add(eth(H2, H1, 0x8847, bytes.fromhex("0001f140") + ipv4("10.3.0.1", "10.3.0.2", 17, udp(1, 2))))
    add(eth(H2, H1, 0x8864, bytes.fromhex("110000010030") + b"\0\x21" + ipv4("10.4.0.1", "10.4.0.2", 17, udp(1, 2))))
    add(eth(H2, H1, 0x8137, b"\xff\xff" + b"\0" * 40))
    add(eth(H2, H1, 0x0800, ipv4("10.5.0.1", "10.5.0.2", 17, udp(9, 9000, b"\0" * 8950))), snap=128)
    add(eth(H2, H1, 0x86DD, ipv6("2001:db8::5", "2001:db8::6", 6, tcp(1, 9000, payload=b"\0" * 8900))), snap=128)
    return recs


def fuzz():
    rng = random.Random(19)
    hosts = [H1, H2, H3, "02:00:00:00:00:01", "00:00:5e:00:01:01", BCAST, "01:00:5e:00:00:fb", "33:33:00:00:00:01"]
    recs = []
    for i in range(2000):
        tags = []
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
            tags.append((rng.choice((0x8100, 0x8100, 0x88A8, 0x9100)), rng.randrange(65536)))
        kind = rng.randrange(10)
        if kind < 5:
            proto = rng.choice((6, 17, 17, 1, 47, rng.randrange(256)))
            l4 = tcp(rng.randrange(65536), rng.randrange(65536), options=b"\x01" * 4 * rng.randrange(3)) \
                if proto == 6 else udp(rng.randrange(65536), rng.randrange(65536), b"\0" * rng.randrange(40))
            ff = rng.choice((0x4000, 0x0000, 0x2000, rng.randrange(65536)))
            words = rng.choice((0, 0, 0, 1, 3, 10))
            pl = ipv4(".".join(str(rng.randrange(256)) for _ in range(4)), ".".join(str(rng.randrange(256)) for _ in range(4)),
                      proto, l4, ttl=rng.randrange(256), tos=rng.randrange(256), ident=rng.randrange(65536),
                      flags_frag=ff, options=b"\x01" * 4 * words, bad_csum=rng.randrange(10) == 0)
            et = 0x0800
        elif kind < 8:
            nh = rng.choice((6, 17, 17, 0, 43, 44, 58, 59, 60, rng.randrange(256)))
            body = tcp(rng.randrange(65536), rng.randrange(65536)) if nh == 6 else udp(rng.randrange(65536),
                                                                                           rng.randrange(65536))
            a = ":".join("%x" % rng.randrange(65536) for _ in range(8))
            b = ":".join("%x" % rng.randrange(65536) for _ in range(8))
            pl = ipv6(a, b, nh, body, hop=rng.randrange(256), tc=rng.randrange(256), flow=rng.randrange(1 << 20))
            et = 0x86DD
        else:
            et = rng.choice((0x0806, 0x88CC, 0x8808, 0x8847, 0x8915, 0x22F0, rng.randrange(0x600, 65536)))
            pl = bytes(rng.randrange(256) for _ in range(rng.randrange(28, 80)))
        f = eth(rng.choice(hosts), rng.choice(hosts[:5]), et, pl, tags)
        f = pad(f, rng.choice((64, 64, len(f) + 4, 128, 1518)))
        for _ in range(rng.choice((0, 0, 0, 1, 2, 4))):  # random byte changes in the first 90 bytes
            at = rng.randrange(min(len(f), 90))
            f = f[:at] + bytes([rng.randrange(256)]) + f[at + 1:]
        data, orig = cut(f, rng.randrange(1, len(f))) if rng.randrange(8) == 0 else cut(f, 96)
        recs.append((i * 700, data, orig))
    return recs


def rate():
    """1000 frames of 1000 bytes on the wire (996 captured, no FCS) every 163.2 ns: on a 100G
    port each takes (1000 + 20) x 8 / 100 = 81.6 ns of wire time, so the load is 0.5."""
    f = pad(eth(H2, H1, 0x0800, ipv4("10.7.0.1", "10.7.0.2", 17, udp(1, 2))), 1000)
    # microsecond timestamps cannot hold 163.2 ns: use pcapng (nanoseconds) for this one
    return [(i * 1632 // 10, f[:64], len(f), 0) for i in range(1000)]


def burst():
    """A frame at 0, 1130 frames 1 ns apart from 10 us on, one at 40 us: 64 bytes on the wire
    (60 captured, no FCS) from 02:00:00:00:00:06 to 02:00:00:00:00:0f, i.e. from port 0 to
    port 1 of a 2-port switch (source MAC mod ports). A 100G port sends one such frame per
    6.72 ns: made all at once, the burst would fill a partner's queue of 1024 frames; made
    and sent a few ns at a time, it peaks near 960."""
    f = eth("02:00:00:00:00:0f", "02:00:00:00:00:06", 0x88B5, b"\0" * 46)
    times = [0] + [10_000 + i for i in range(1130)] + [40_000]
    return [(t, f, len(f), 0) for t in times]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "tests", "captures")
    os.makedirs(out, exist_ok=True)
    write_pcapng(os.path.join(out, "hand.pcapng"), hand())
    write_pcapng(os.path.join(out, "vlan.pcapng"), vlan())
    write_pcap(os.path.join(out, "ipv4.pcap"), ipv4_set())
    write_pcapng(os.path.join(out, "ipv6.pcapng"), ipv6_set())
    write_pcap(os.path.join(out, "l4_nonip.pcap"), l4_nonip())
    write_pcap(os.path.join(out, "fuzz.pcap"), fuzz())
    write_pcapng(os.path.join(out, "rate.pcapng"), rate(), interfaces=1)
    write_pcapng(os.path.join(out, "burst.pcapng"), burst(), interfaces=1)


if __name__ == "__main__":
    main()
