#!/usr/bin/env python3
"""Fuzzing campaign for the odered command-line tool (Python 3.11 standard library only).

    python3 fuzz/campaign.py --binary PATH --seed N --cases N [--jobs J] [--out DIR] [--timeout S]

Every case is generated deterministically from (--seed, case index), runs the binary in its
own temporary directory and is classified as crash, hang, wrong-answer, nan, bad-message or ok.
Failing cases (inputs, commands, outputs) are written under --out. See fuzz/README.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing
import os
import random
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_SHARED = REPO.parent / "shared" / "models"

# Most severe first: a case's class is the most severe class among its findings.
CLASSES = ["crash", "hang", "wrong-answer", "nan", "bad-message", "ok"]
FAILURE_CLASSES = CLASSES[:-1]
SEVERITY = {c: i for i, c in enumerate(CLASSES)}
SEVERITY["harness-error"] = 2.5      # a bug of this script, reported between wrong-answer and nan
PATHS = ["ode-model", "net-model", "partition-text", "partition-json",
         "network-json", "csv", "decode-like", "json-model", "export"]
CRASH_CODES = {132, 133, 134, 136, 139}
DOCUMENTED_EXIT = {0, 1, 3, 64}
MAX_LINE = 300
SEED_MAX_BYTES = 8192          # only small shared models are used as seeds
ARTIFACT_MAX = 1 << 20         # stdout/stderr kept per step in artifacts

NAN_RE = re.compile(rb"(?<![A-Za-z0-9_])-?(nan|inf)(?![A-Za-z0-9_])", re.I)
IDENT_RE = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
NUMBER_RE = re.compile(rb"(?<![A-Za-z0-9_.])\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")
TOKEN_RE = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|[^\sA-Za-z0-9_]")

# ---------------------------------------------------------------------------------------------
# Hostile material
# ---------------------------------------------------------------------------------------------

STRUCT_WORDS = {b"begin", b"end", b"model", b"init", b"inits", b"ODE", b"odes", b"reactions",
                b"parameters", b"views", b"partition", b"species", b"groups", b"arbitrary",
                b"reaction", b"rules", b"molecule", b"types", b"observables", b"functions",
                b"compartments", b"d", b"substanceUnits", b"Number", b"Molecules", b"Constant",
                b"Rule"}
KEYWORD_NAMES = [b"begin", b"end", b"model", b"init", b"inits", b"reactions", b"ODE", b"d",
                 b"views", b"partition", b"parameters", b"species", b"groups", b"arbitrary",
                 b"functions", b"e", b"E", b"ode", b"Hill", b"min"]
GENERATED_NAMES = [b"s0", b"s1", b"s2", b"s3", b"s4", b"s10", b"in_0", b"h1_0", b"out_0",
                   b"bias", b"x_1", b"block1"]
UNDERSCORE_NAMES = [b"_", b"__", b"_x", b"_0", b"_s0", b"_begin", b"x_"]
WEIRD_NAMES = [b"\xc3\xa9t\xc3\xa9", b"\xce\xb1", b"x.y", b"x-y", b"1x", b"x$", b"$x", b"x::y",
               b"A()", b"x(", b"x\"y", b"x'y", b"x\\y", b"x,y", b"{x}", b"x\ty", b"x#y"]
NON_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\x80",
            b"\xf4\x90\x80\x80", b"\x00", b"\xef\xbb\xbf", b"\r", b"\x1b[2J"]


def long_name(rng):
    n = rng.choice([256, 301, 1000, 5000, 70000])
    return (rng.choice([b"v", b"x", b"_"]) + b"a" * n)[:n]


def huge_digits(rng):
    n = rng.choice([400, 5000, 100000])
    return b"9" * n


HOSTILE_NUMBERS_FIXED = [b"1e308", b"-1e308", b"1.7976931348623157e308", b"1e309", b"1e-400",
                         b"4.9e-324", b"1e-308", b"1e100", b"-1e100", b"1e10000", b"1e-10000",
                         b"1/0", b"0/0", b"-0", b"00001", b"1.", b".5", b"1e", b"1e+", b"0x10",
                         b"1_000", b"+1", b"--1", b"1/3/5", b"2^1023", b"10^1000", b"1e99999999",
                         b"18446744073709551616", b"-9223372036854775808"]
SMALL_NUMBERS = ["0", "1", "2", "3", "0.5", "0.25", "1.5", "2.5", "10", "0.1", "1/3", "3/7",
                 "1e-3", "2e2", "4", "0.75"]
EPSILONS = ["0", "0", "1e-6", "0.01", "0.1", "0.5", "1", "2", "1/3", "10", "100"]
HOSTILE_EPSILONS = ["1e308", "1e-400", "1e400", "-0", "0/1", "1/0", "-1", "nan", "1e-9999",
                    "0.0000000000000000000000000000001", "", "1,2", "1e3000"]


def hostile_number(rng):
    r = rng.random()
    if r < 0.15:
        return huge_digits(rng)
    if r < 0.22:
        return b"0." + b"0" * rng.choice([400, 5000]) + b"1"
    if r < 0.27:
        return b"1" + b"0" * rng.choice([310, 4000]) + b"/3"
    return rng.choice(HOSTILE_NUMBERS_FIXED)


def hostile_name(rng, existing=()):
    r = rng.random()
    if r < 0.25:
        return rng.choice(KEYWORD_NAMES)
    if r < 0.45:
        return rng.choice(GENERATED_NAMES)
    if r < 0.60:
        return rng.choice(UNDERSCORE_NAMES)
    if r < 0.70:
        return long_name(rng)
    if r < 0.80 and existing:
        return rng.choice(list(existing))            # a duplicate definition / name clash
    if r < 0.90:
        return rng.choice(WEIRD_NAMES)
    return b"x" + rng.choice(NON_UTF8) + b"y"


def deep_parens(rng, inner=b"x"):
    k = rng.choice([255, 256, 257, 300, 5000, 100000])
    r = rng.random()
    if r < 0.7:
        return b"(" * k + inner + b")" * k
    if r < 0.85:
        return b"(" * k + inner
    return b"-" * k + inner


def big_power(rng, a=b"a", b=b"b"):
    r = rng.random()
    if r < 0.08:                                   # slow: expands to ~20 000 terms, then refused
        return b"(" + a + b"+" + b + b"+1)^200"
    return rng.choice([b"(" + a + b"+" + b + b"+1)^" + rng.choice([b"20", b"40"]),
                       a + b"^1000", a + b"^1001", a + b"^-1", a + b"^0.5", a + b"^1e3",
                       b"2^2^2^2^2^2", a + b"^999999999999999999999", b"(" + a + b"^1000)^1000",
                       b"(1e10000*" + a + b"+1)^1000", b"(" + a + b"+1)^(2^10)",
                       a + b"**3**3", b"(-" + a + b")^1000"])


HOSTILE_PUNCT = [b"^^", b"**-", b"/0", b"/ 0", b"//", b"/*", b"\"", b"->", b",", b"{", b"}",
                 b"(", b")", b"=", b"==", b"+", b"-", b"*", b"\\", b";", b"$", b"@", b"~", b"%",
                 b"", b"\t", b"\n", b"\r\n", b"#", b"'", b"..."]


def hostile_token(rng, names=()):
    r = rng.random()
    names = list(names) or [b"x", b"y"]
    if r < 0.30:
        return hostile_number(rng)
    if r < 0.55:
        return hostile_name(rng, names)
    if r < 0.65:
        return deep_parens(rng, rng.choice(names))
    if r < 0.75:
        a = rng.choice(names)
        return big_power(rng, a, rng.choice(names))
    if r < 0.90:
        return rng.choice(HOSTILE_PUNCT)
    return rng.choice(NON_UTF8)


# ---------------------------------------------------------------------------------------------
# Generic mutators (bytes in, bytes out)
# ---------------------------------------------------------------------------------------------

def _lines(data):
    return data.split(b"\n")


def m_byte_flip(rng, d, names):
    if not d:
        return b"\xff"
    b = bytearray(d)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def m_byte_insert(rng, d, names):
    i = rng.randint(0, len(d))
    ins = rng.choice([bytes([rng.randrange(256)]), rng.choice(NON_UTF8), rng.choice(HOSTILE_PUNCT),
                      b" ", b"\n", b"0"])
    return d[:i] + ins + d[i:]


def m_byte_delete(rng, d, names):
    if not d:
        return d
    i = rng.randrange(len(d))
    n = rng.choice([1, 1, 2, 8, 64])
    return d[:i] + d[i + n:]


def m_line_dup(rng, d, names):
    ls = _lines(d)
    i = rng.randrange(len(ls))
    ls.insert(i, ls[i])
    return b"\n".join(ls)


def m_line_del(rng, d, names):
    ls = _lines(d)
    if len(ls) > 1:
        del ls[rng.randrange(len(ls))]
    return b"\n".join(ls)


def m_line_swap(rng, d, names):
    ls = _lines(d)
    if len(ls) > 1:
        i, j = rng.randrange(len(ls)), rng.randrange(len(ls))
        ls[i], ls[j] = ls[j], ls[i]
    return b"\n".join(ls)


def m_token_hostile(rng, d, names):
    toks = list(TOKEN_RE.finditer(d))
    if not toks:
        return d + hostile_token(rng, names)
    t = rng.choice(toks)
    return d[:t.start()] + hostile_token(rng, names) + d[t.end():]


def m_number_hostile(rng, d, names):
    nums = list(NUMBER_RE.finditer(d))
    if not nums:
        return m_token_hostile(rng, d, names)
    t = rng.choice(nums)
    return d[:t.start()] + hostile_number(rng) + d[t.end():]


def rename_word(d, old, new):
    return re.sub(rb"(?<![A-Za-z0-9_])" + re.escape(old) + rb"(?![A-Za-z0-9_])",
                  lambda _m: new, d)


def m_rename_hostile(rng, d, names):
    cands = sorted({m.group() for m in IDENT_RE.finditer(d)} - STRUCT_WORDS)
    if not cands:
        return d
    old = rng.choice(cands)
    return rename_word(d, old, hostile_name(rng, [c for c in cands if c != old]))


def m_dup_definition(rng, d, names):
    ls = _lines(d)
    idx = [i for i, l in enumerate(ls) if b"=" in l or re.match(rb"\s*\d+\s+\S+\s+\S", l)]
    if not idx:
        return m_line_dup(rng, d, names)
    i = rng.choice(idx)
    line = ls[i]
    if rng.random() < 0.5:
        nums = list(NUMBER_RE.finditer(line))
        if nums:
            t = nums[-1]
            line = line[:t.start()] + rng.choice(SMALL_NUMBERS).encode() + line[t.end():]
    ls.insert(rng.randint(0, len(ls)), line)
    return b"\n".join(ls)


def m_insert_section(rng, d, names):
    nm = rng.choice(list(names)) if names else b"x"
    sec = rng.choice([b" begin partition\n  {}\n end partition",
                      b" begin partition\n  {" + nm + b"},{}\n end partition",
                      b" begin partition\n  {" + nm + b"," + nm + b"}\n end partition",
                      b" begin partition\n  {" + nm + b"},{" + nm + b"}\n end partition",
                      b" begin partition\n  {nosuchvar}\n end partition",
                      b" begin init\n end init", b" begin ODE\n end ODE",
                      b" begin parameters\n end parameters", b" begin views\n end views",
                      b" begin reactions\n end reactions", b"end model", b"begin model m",
                      b" begin species\nend species", b" begin groups\n 1 g 1,1,1\nend groups",
                      b" begin parameters\n  " + nm + b" = 1\n end parameters",
                      b" begin init\n  " + nm + b" = 2\n end init",
                      b" begin views\n  " + nm + b" = " + nm + b"\n end views"])
    ls = _lines(d)
    ls.insert(rng.randint(0, len(ls)), sec)
    return b"\n".join(ls)


def m_deep_paren(rng, d, names):
    toks = list(IDENT_RE.finditer(d)) or list(TOKEN_RE.finditer(d))
    if not toks:
        return d + deep_parens(rng)
    t = rng.choice(toks)
    return d[:t.start()] + deep_parens(rng, t.group()) + d[t.end():]


def m_nonutf8(rng, d, names):
    i = rng.randint(0, len(d))
    return d[:i] + rng.choice(NON_UTF8) + d[i:]


def m_long_name(rng, d, names):
    cands = sorted({m.group() for m in IDENT_RE.finditer(d)} - STRUCT_WORDS)
    if not cands:
        return d + long_name(rng)
    return rename_word(d, rng.choice(cands), long_name(rng))


def m_crlf(rng, d, names):
    return d.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n", b" \\\n"]))


def m_truncate(rng, d, names):
    return d[:rng.randint(0, len(d))] if d else d


MODEL_MUTATORS = [(m_byte_flip, 8), (m_byte_insert, 6), (m_byte_delete, 6), (m_line_dup, 8),
                  (m_line_del, 8), (m_line_swap, 6), (m_token_hostile, 18), (m_number_hostile, 8),
                  (m_rename_hostile, 16), (m_dup_definition, 8), (m_insert_section, 6),
                  (m_deep_paren, 3), (m_nonutf8, 4), (m_long_name, 3), (m_crlf, 2),
                  (m_truncate, 2)]
DATA_MUTATORS = [(m_byte_flip, 8), (m_byte_insert, 6), (m_byte_delete, 6), (m_line_dup, 6),
                 (m_line_del, 6), (m_line_swap, 4), (m_token_hostile, 8), (m_number_hostile, 10),
                 (m_nonutf8, 4), (m_crlf, 3), (m_truncate, 2)]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def mutate(rng, data, names, mutators, n):
    for _ in range(n):
        data = weighted(rng, mutators)(rng, data, names)
    return data


# ---------------------------------------------------------------------------------------------
# Structural generators
# ---------------------------------------------------------------------------------------------

def _b(s):
    return s if isinstance(s, bytes) else str(s).encode()


def gen_names(rng, n, prefix, hostile_p):
    names = []
    for i in range(n):
        nm = f"{prefix}{i + 1}".encode()
        if rng.random() < hostile_p:
            cand = rng.choice(KEYWORD_NAMES + GENERATED_NAMES + UNDERSCORE_NAMES)
            if cand not in names:
                nm = cand
        while nm in names:
            nm += b"_"
        names.append(nm)
    return names


def gen_poly(rng, vars_, coefs, max_terms=4, max_deg=2):
    terms = []
    for _ in range(rng.randint(1, max_terms)):
        deg = rng.choice([0, 1, 1, 1, 2, 2] + ([3] if max_deg >= 3 else []))
        mono = [rng.choice(vars_) for _ in range(deg)]
        c = rng.choice(coefs)
        parts = ([] if c == b"1" and mono else [c]) + mono
        sign = b"-" if rng.random() < 0.3 else b"+"
        terms.append((sign, b"*".join(parts)))
    out = b""
    for k, (sign, t) in enumerate(terms):
        out += (b"-" if sign == b"-" else b"") + t if k == 0 else b" " + sign + b" " + t
    return out


def gen_ode(rng, hostile_p=0.08):
    """A random small (mostly valid) ERODE model, often with a permutation symmetry."""
    npairs = rng.randint(0, 3)
    nsingle = rng.randint(1 if npairs == 0 else 0, 3)
    nv = 2 * npairs + nsingle
    names = gen_names(rng, nv, "x", hostile_p)
    sigma = {}
    for p in range(npairs):
        a, b = names[2 * p], names[2 * p + 1]
        sigma[a], sigma[b] = b, a

    def swap(text):
        return b"".join(sigma.get(t, t) for t in re.split(rb"([A-Za-z_][A-Za-z0-9_]*)", text))

    npar = rng.randint(0, 3)
    pnames = gen_names(rng, npar, "k", hostile_p)
    pnames = [p for p in pnames if p not in names]
    coefs = [n.encode() for n in SMALL_NUMBERS[1:]] + pnames * 3
    mname = rng.choice([b"m", b"gen", b"model1"]) if rng.random() > hostile_p else hostile_name(rng)
    out = [b"begin model " + mname]
    if pnames:
        out.append(b" begin parameters")
        for i, p in enumerate(pnames):
            val = rng.choice(SMALL_NUMBERS).encode()
            if i and rng.random() < 0.3:
                val = pnames[rng.randrange(i)] + b"*" + val
            out.append(b"  " + p + b" = " + val)
        out.append(b" end parameters")
    out.append(b" begin init")
    for v in names:
        out.append(b"  " + v + (b" = " + rng.choice(SMALL_NUMBERS).encode()
                                  if rng.random() < 0.6 else b""))
    out.append(b" end init")
    if rng.random() < 0.35:
        pool = list(names)
        rng.shuffle(pool)
        blocks, i = [], 0
        while i < len(pool):
            k = rng.randint(1, max(1, len(pool) - i))
            blocks.append(pool[i:i + k])
            i += k
        if hostile_p and rng.random() < 0.25:
            blocks.insert(rng.randint(0, len(blocks)), [])
        if hostile_p and rng.random() < 0.15:
            blocks.append([rng.choice(names)])
        text = b",".join(b"{" + b",".join(bl) + b"}" for bl in blocks)
        out += [b" begin partition", b"  " + text, b" end partition"]
    reps = [names[2 * p] for p in range(npairs)] + names[2 * npairs:]
    if rng.random() < 0.5:
        out.append(b" begin ODE")
        eqs = {}
        for v in reps:
            g = gen_poly(rng, names, coefs, max_deg=3 if rng.random() < 0.2 else 2)
            if v in sigma:
                eqs[v], eqs[sigma[v]] = g, swap(g)
            else:
                g2 = swap(g)
                eqs[v] = g if g2 == g else g + b" + " + g2
        for v in names:
            rhs = eqs[v]
            if rng.random() < 0.1:
                rhs = b"(" + rhs + b")/" + rng.choice([b"2", b"3", b"4"])
            out.append(b"  d(" + v + b") = " + rhs)
        out.append(b" end ODE")
    else:
        out.append(b" begin reactions")
        rx = []
        for _ in range(rng.randint(1, 6)):
            lhs = [rng.choice(names) for _ in range(rng.randint(0, 2))]
            rhs = [rng.choice(names) for _ in range(rng.randint(0, 2))]
            if not lhs and not rhs:
                rhs = [rng.choice(names)]
            rate = rng.choice(coefs)
            if rng.random() < 0.1:
                rate = b"arbitrary " + gen_poly(rng, names, coefs, 2)
            elif rng.random() < 0.05:
                rate = b"-" + rate
            def side(s):
                if not s:
                    return b"0" if rng.random() < 0.5 else b""
                if len(s) == 2 and s[0] == s[1] and rng.random() < 0.5:
                    return b"2*" + s[0]
                return b" + ".join(s)
            line = side(lhs) + b" -> " + side(rhs) + b" , " + rate
            rx.append(line)
            if sigma:
                rx.append(swap(line))
        out += [b"  " + r for r in rx]
        out.append(b" end reactions")
    if rng.random() < 0.3:
        out.append(b" begin views")
        out.append(b"  total = " + b" + ".join(names))
        out.append(b" end views")
    out.append(b"end model")
    return b"\n".join(out) + b"\n", names


SPECIES_STYLES = [lambda i: f"S{i}()", lambda i: f"A(b~{i})", lambda i: f"X{i}(s~P,t)",
                  lambda i: f"@EC::M{i}()", lambda i: f"R{i}(l!1).L(r!1)"]


def gen_net(rng):
    """A random small BioNetGen .net file."""
    npar = rng.randint(1, 4)
    pnames = [f"k{i + 1}".encode() for i in range(npar)]
    if rng.random() < 0.3:
        pnames = [rng.choice([b"kon", b"koff", b"kcat", b"Vol", b"NA", b"rate_"]) + str(i).encode()
                  for i in range(npar)]
    out = [b"# generated", b"begin parameters"]
    for i, p in enumerate(pnames):
        val = rng.choice(SMALL_NUMBERS).encode()
        if i and rng.random() < 0.3:
            val = pnames[rng.randrange(i)] + b"*" + val
        out.append(b"    %d %s %s  # Constant" % (i + 1, p, val))
    out.append(b"end parameters")
    ns = rng.randint(1, 6)
    style = rng.choice(SPECIES_STYLES)
    out.append(b"begin species")
    for i in range(ns):
        fixed = b"$" if rng.random() < 0.12 else b""
        amount = rng.choice(SMALL_NUMBERS + ["0", "0"]).encode()
        if rng.random() < 0.15:
            amount = rng.choice(pnames)
        out.append(b"    %d %s%s %s" % (i + 1, fixed, style(i).encode(), amount))
    out.append(b"end species")
    out.append(b"begin reactions")
    for r in range(rng.randint(1, 8)):
        lhs = [str(rng.randint(1, ns)) for _ in range(rng.randint(0, 2))]
        rhs = [str(rng.randint(1, ns)) for _ in range(rng.randint(0, 2))]
        p = rng.choice(pnames)
        rate = rng.choice([p, p, b"0.5*" + p, b"2*" + p, rng.choice(SMALL_NUMBERS).encode(),
                           p + b"*" + rng.choice(pnames)])
        out.append(b"    %d %s %s %s #Rule%d" % (r + 1, ",".join(lhs or ["0"]).encode(),
                                                 ",".join(rhs or ["0"]).encode(), rate, r + 1))
    out.append(b"end reactions")
    if rng.random() < 0.5:
        out.append(b"begin groups")
        for g in range(rng.randint(1, 2)):
            members = sorted({rng.randint(1, ns) for _ in range(rng.randint(1, 3))})
            out.append(b"    %d G%d %s" % (g + 1, g, ",".join(map(str, members)).encode()))
        out.append(b"end groups")
    return b"\n".join(out) + b"\n", [f"s{i}".encode() for i in range(ns)]


# ---------------------------------------------------------------------------------------------
# Networks and CSV
# ---------------------------------------------------------------------------------------------

class Raw(str):
    """A JSON token written verbatim (e.g. 1e-400, NaN, a 100 000-digit number)."""


def jdump(v):
    if isinstance(v, Raw):
        return str(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(jdump(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(json.dumps(k) + ": " + jdump(x) for k, x in v.items()) + "}"
    raise TypeError(type(v))


NET_VALUES = [0.5, -1, 0.25, 1, 2, -0.5, 0, 0.75, 0.1, "1/3", "0.1", "-2/7", 1.5, -0.25]
HIDDEN_ACTS = ["square", "square", "identity", "cube", {"polynomial": [0, 1, 1]},
               {"polynomial": ["1/2", 0, -1]}, "relu", "tanh", "sigmoid"]


def gen_network(rng):
    n_in = rng.randint(1, 4)
    hidden = [rng.randint(1, 6) for _ in range(rng.randint(1, 3))]
    n_out = rng.choice([1, 1, 2])
    layers, prev = [], n_in
    for li, width in enumerate(hidden + [n_out]):
        rows, bias = [], []
        for j in range(width):
            if rows and rng.random() < 0.35:          # planted duplicate neuron
                k = rng.randrange(len(rows))
                rows.append(list(rows[k]))
                bias.append(bias[k])
                continue
            rows.append([rng.choice(NET_VALUES) for _ in range(prev)])
            bias.append(rng.choice(NET_VALUES))
        act = rng.choice(HIDDEN_ACTS) if li < len(hidden) else rng.choice(["identity"] * 4 + ["square"])
        layers.append({"activation": act, "weights": rows, "bias": bias})
        prev = width
    net = {"inputs": n_in, "layers": layers}
    if rng.random() < 0.2:
        net["standardize"] = {"mean": [rng.choice(NET_VALUES) for _ in range(n_in)],
                              "std": [rng.choice([1, 2, "0.5", 0.25]) for _ in range(n_in)]}
    return net


def net_io(net):
    try:
        n_in = int(net["inputs"])
        n_out = len(net["layers"][-1]["weights"])
        return max(1, min(n_in, 16)), max(1, min(n_out, 8))
    except Exception:  # noqa: BLE001 - mutated networks may have any shape
        return 3, 1


def gen_csv_rows(rng, n_in, n_out, rows=None):
    xs = [f"x{i + 1}" for i in range(n_in)]
    ys = ["y"] if n_out == 1 else [f"y{j + 1}" for j in range(n_out)]
    data = [xs + ys]
    for _ in range(rows or rng.randint(3, 40)):
        data.append([f"{rng.randint(-20, 20) / 10}" for _ in xs] +
                    [f"{rng.uniform(-5, 5):.6g}" for _ in ys])
    return data, ys


def dump_csv(rows, sep=b","):
    return b"\n".join(sep.join(_b(c) for c in r) for r in rows) + b"\n"


HOSTILE_CELLS = [b"1e100", b"1e100", b"1e308", b"-1e308", b"1e-400", b"", b" ", b"nan", b"inf",
                 b"NaN", b"-inf", b"1/0", b"0/0", b"1/3", b"-0", b"1e", b"\"1\"", b"1 2", b"0x1",
                 b"1e10000", b"4.9e-324", b"+5", b"1,5", b"\xff"]


def mutate_csv(rng, rows):
    """Row/cell-level hostility; returns bytes."""
    rows = [list(map(_b, r)) for r in rows]
    sep = [b","]
    for _ in range(rng.randint(1, 3)):
        try:
            rows = _mutate_csv_once(rng, rows, sep)
        except (IndexError, ValueError):      # an earlier step left no header / empty rows
            pass
    data = dump_csv(rows, sep[0])
    if rng.random() < 0.25:
        data = mutate(rng, data, [], DATA_MUTATORS, 1)
    if rng.random() < 0.05:
        data = b"\xef\xbb\xbf" + data
    return data


def _mutate_csv_once(rng, rows, sep):
    """One random CSV mutation (may raise on degenerate rows; the caller skips it)."""
    r = rng.random()
    if r < 0.40 and len(rows) > 1:
        i = rng.randrange(1, len(rows))
        j = rng.randrange(len(rows[i]))
        rows[i][j] = hostile_number(rng) if rng.random() < 0.2 else rng.choice(HOSTILE_CELLS)
        if rng.random() < 0.3:                  # the whole column
            for row in rows[1:]:
                if j < len(row):
                    row[j] = rows[i][j]
    elif r < 0.48:
        j = rng.randrange(len(rows[0]))
        rows[0].append(rows[0][j])              # duplicate column name
        for row in rows[1:]:
            row.append(row[j] if j < len(row) else b"0")
    elif r < 0.53:
        rows[0][rng.randrange(len(rows[0]))] = hostile_name(rng, rows[0])
    elif r < 0.58:
        rows = rows[:1]                         # header only
    elif r < 0.61:
        rows = rows[1:]                         # no header
    elif r < 0.66 and len(rows) > 1:
        rows[rng.randrange(1, len(rows))].append(b"7")
    elif r < 0.71 and len(rows) > 1:
        row = rows[rng.randrange(1, len(rows))]
        if row:
            row.pop()
    elif r < 0.76 and len(rows) > 1:           # constant columns: singular normal equations
        for row in rows[2:]:
            row[:] = list(rows[1])
    elif r < 0.80:
        for row in rows[1:]:
            row[:] = [b"0"] * len(row)
    elif r < 0.84:
        rows += [list(rows[-1]) for _ in range(rng.choice([500, 3000]))]
    elif r < 0.88:
        sep[0] = rng.choice([b";", b"\t", b", "])
    elif r < 0.92:
        rows[0] = [b"\"" + c + b"\"" for c in rows[0]]
    else:
        rows.append([])
    return rows


NET_HOSTILE_VALUES = [Raw("1e308"), Raw("1e308"), Raw("-1e308"), Raw("1e309"), Raw("1e-400"),
                      Raw("NaN"), Raw("Infinity"), Raw("-0"), "1/0", "0/0", "1e100000", "1e308",
                      None, True, [], {}, "abc", "", "0x10", Raw("1.0e+"), Raw("4.9e-324"),
                      Raw("1e100"), "-1e308", 1e300]


def hostile_net_value(rng):
    if rng.random() < 0.12:
        return Raw("9" * rng.choice([400, 5000, 100000]))
    if rng.random() < 0.05:
        return Raw("[" * 100000 + "]" * 100000)
    return rng.choice(NET_HOSTILE_VALUES)


def mutate_network_obj(rng, net):
    """JSON-level mutations; returns the (changed) object or text."""
    net = json.loads(json.dumps(net))
    layers = net.get("layers") if isinstance(net, dict) else None
    r = rng.random()
    if not isinstance(layers, list) or not layers:
        return {"inputs": 1, "layers": []}
    L = rng.choice(layers)
    if r < 0.30:                                     # hostile weight(s)
        rows = L.get("weights") or [[0]]
        v = hostile_net_value(rng)
        if rng.random() < 0.4 and len(rows) >= 2:    # two identical rows: mergeable neurons
            for row in rows[:2]:
                if row:
                    row[0] = v
        else:
            row = rng.choice(rows)
            if row:
                row[rng.randrange(len(row))] = v
    elif r < 0.40:
        b = L.get("bias") or [0]
        b[rng.randrange(len(b))] = hostile_net_value(rng)
        L["bias"] = b
    elif r < 0.48:
        net["inputs"] = rng.choice([0, -1, 10 ** 9, Raw("1e308"), "3", 3.5, None, 2 ** 63,
                                    Raw("99999999999999999999"), Raw("-0"), []])
    elif r < 0.58:
        L["activation"] = rng.choice(["Square", "relu", "tanh", "sigmoid", "", 123, None,
                                      {"polynomial": []}, {"polynomial": [Raw("1e308")] * 3},
                                      {"polynomial": [0] * 30 + [1]}, {"polynomial": ["1/0"]},
                                      {"poly": [1]}, {"polynomial": [1, 2], "extra": 1},
                                      {"polynomial": "x^2"}, ["square"],
                                      {"polynomial": [0, 0, Raw("9" * 5000)]}])
    elif r < 0.66:
        rows = L.get("weights")
        if isinstance(rows, list) and rows:
            op = rng.randrange(4)
            if op == 0:
                rows.pop()
            elif op == 1:
                rows.append(list(rows[0]))
            elif op == 2 and rows[0]:
                rows[0].pop()
            else:
                rows[0].append(1)
    elif r < 0.72:
        key = rng.choice(["bias", "weights", "activation"])
        L.pop(key, None)
    elif r < 0.78:
        n_in = net.get("inputs") if isinstance(net.get("inputs"), int) else 1
        n_in = max(1, min(n_in, 16))
        net["standardize"] = rng.choice([
            {"mean": [0] * n_in, "std": [0] * n_in},
            {"mean": [0] * n_in, "std": [-1] * n_in},
            {"mean": [Raw("1e308")] * n_in, "std": [Raw("1e-308")] * n_in},
            {"mean": [0] * (n_in + 1), "std": [1] * n_in},
            {"mean": [0] * n_in},
            {"mean": ["1/3"] * n_in, "std": ["0/1"] * n_in}])
    elif r < 0.83:
        net["layers"] = rng.choice([[], {}, None, layers + [layers[-1]], layers[:1], layers[::-1]])
    elif r < 0.88:
        width = len(L.get("weights") or [[0]])
        upstream = len((L.get("weights") or [[0]])[0] or [0])
        L["weights"] = [[Raw("1e308")] * upstream for _ in range(width)]
    elif r < 0.93:
        net["extra"] = {"nested": [[[1]]]}
        L["unknown"] = 1
    else:
        for row in L.get("weights") or []:
            for k in range(len(row)):
                row[k] = rng.choice([Raw("1e-400"), Raw("1e308"), 1e-300, "1e-999"])
    return net


def render_network(rng, net, hostile=True):
    text = jdump(net).encode()
    if not hostile:
        return text
    r = rng.random()
    if r < 0.08:
        text = text.replace(b"{", b"{\"inputs\": 2, ", 1)          # duplicate key
    elif r < 0.12:
        text = b"\xef\xbb\xbf" + text
    elif r < 0.15:
        text += b" trailing"
    return text


# ---------------------------------------------------------------------------------------------
# Partitions
# ---------------------------------------------------------------------------------------------

def json_str(name):
    out = b"\""
    for ch in name:
        c = bytes([ch])
        if c in (b"\"", b"\\"):
            out += b"\\" + c
        elif ch < 0x20:
            out += b"\\u%04x" % ch
        else:
            out += c
    return out + b"\""


def random_blocks(rng, names, coarsest):
    names = list(names)
    r = rng.random()
    if coarsest and r < 0.35:
        return [list(b) for b in coarsest]
    if r < 0.45:
        return [[n] for n in names]
    if r < 0.55:
        return [names]
    pool = list(names)
    rng.shuffle(pool)
    blocks, i = [], 0
    while i < len(pool):
        k = rng.randint(1, max(1, min(4, len(pool) - i)))
        blocks.append(pool[i:i + k])
        i += k
    return blocks


def hostile_blocks(rng, blocks, names):
    blocks = [list(b) for b in blocks]
    names = list(names) or [b"x"]
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        if r < 0.25:
            blocks.insert(rng.randint(0, len(blocks)), [])            # empty block
        elif r < 0.35:
            blocks.append([rng.choice(names)])                        # duplicate member
        elif r < 0.42 and blocks:
            b = rng.choice(blocks)
            b.append(rng.choice(names))
        elif r < 0.52:
            blocks.append([hostile_name(rng, names)])                 # unknown / keyword name
        elif r < 0.60 and blocks:
            b = rng.choice(blocks)
            if b:
                b.pop(rng.randrange(len(b)))                          # unlisted variable
        elif r < 0.66:
            blocks += [[] for _ in range(rng.choice([10, 10000]))]
        elif r < 0.72:
            blocks.append([rng.choice(names)] * rng.choice([1000, 50000]))
        elif r < 0.80 and blocks:
            b = rng.choice(blocks)
            if b:
                b[rng.randrange(len(b))] = rng.choice(GENERATED_NAMES + KEYWORD_NAMES)
        elif r < 0.86:
            blocks.append([b"x" + rng.choice(NON_UTF8)])
        elif r < 0.92:
            blocks = []
        else:
            blocks.append([long_name(rng)])
    return blocks


def render_partition_text(rng, blocks, hostile):
    lines = [b" ".join(b) for b in blocks]
    if hostile and rng.random() < 0.4:
        r = rng.random()
        if r < 0.2:
            lines = [b"{" + l.replace(b" ", b",") + b"}," for l in lines]
        elif r < 0.4:
            lines.insert(rng.randint(0, len(lines)), rng.choice([b"# comment", b"   ", b"\t", b"//x"]))
        elif r < 0.6:
            lines = [l.replace(b" ", rng.choice([b"\t", b"  ", b", ", b","])) for l in lines]
        elif r < 0.8:
            lines = [b" " + l + b" " for l in lines]
        else:
            return b"\r\n".join(lines)
    return b"\n".join(lines) + (b"\n" if rng.random() < 0.8 else b"")


def render_partition_json(rng, blocks, hostile):
    body = b"[" + b", ".join(b"[" + b", ".join(json_str(n) for n in bl) + b"]" for bl in blocks) + b"]"
    text = b"{\"partition\": " + body + b"}"
    if hostile and rng.random() < 0.4:
        r = rng.random()
        if r < 0.12:
            text = body                                               # top-level array
        elif r < 0.22:
            text = b"{\"partitions\": " + body + b"}"
        elif r < 0.32:
            text = b"{\"partition\": " + body + b", \"partition\": [[]]}"
        elif r < 0.42:
            text = b"{\"partition\": [[1, null], [true], [{}], [[\"x\"]]]}"
        elif r < 0.50:
            text = b"{\"partition\": " + b"[" * 100000 + b"]" * 100000 + b"}"
        elif r < 0.58:
            text = b"{\"partition\": \"x1 x2\"}"
        elif r < 0.66:
            text = text[:rng.randint(0, len(text))]
        elif r < 0.74:
            text = b"{\"partition\": [[\"\\u0000\"], [\"\\ud800\"], [\"x\\\"y\"]]}"
        elif r < 0.82:
            text = b"\xef\xbb\xbf" + text
        elif r < 0.90:
            text = text.replace(b"{", b"{\"blocks\": 3, \"verified\": true, ", 1)
        else:
            text = b"{\"partition\": null}"
    return text


# ---------------------------------------------------------------------------------------------
# Running and classifying
# ---------------------------------------------------------------------------------------------

class Config:
    def __init__(self, binary, timeout, mem_mb, out, seed, sanity=False, wall_only=False):
        self.wall_only = wall_only
        self.binary = binary
        self.timeout = timeout
        self.mem_mb = mem_mb
        self.out = out
        self.seed = seed
        self.sanity = sanity


def apply_limits(mem_mb):
    """Limits for every binary run: no core files, outputs below 512 MiB, address space below
    mem_mb. Set on this process once and inherited by the children (a preexec_fn would make
    every spawn a slow fork + Python callback instead of vfork)."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (512 << 20, 512 << 20))
    if mem_mb:
        resource.setrlimit(resource.RLIMIT_AS, (mem_mb << 20, mem_mb << 20))


def child_env():
    env = dict(os.environ)
    env["SWIFT_BACKTRACE"] = "enable=no"     # no 0.3 s symbolicating backtrace per crash
    return env


CHILD_ENV = child_env()


CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def proc_cpu(pid):
    """CPU seconds used so far by a running child (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


CPU_SHARE = 0.5


def run_limited(argv, cwd, timeout, mem_mb, wall_only=False):
    """Run argv; returns (rc, stdout, stderr, timed_out).

    A run is killed as a hang once it has run `timeout` seconds of wall time AND used half of
    `timeout` in CPU time (so a run starved by a loaded machine gets more wall time),
    or after 2 x `timeout` of wall time whatever its CPU use (a blocked process).
    With wall_only, plain wall-clock `timeout`."""
    p = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=CHILD_ENV)
    t0 = time.monotonic()
    while True:
        elapsed = time.monotonic() - t0
        slice_ = timeout - elapsed if elapsed < timeout else 0.2
        try:
            out, err = p.communicate(timeout=max(slice_, 0.05))
            return p.returncode, out, err, False
        except subprocess.TimeoutExpired:
            elapsed = time.monotonic() - t0
            if elapsed < timeout:
                continue
            cpu = None if wall_only else proc_cpu(p.pid)
            if cpu is None or cpu >= CPU_SHARE * timeout or elapsed >= 2 * timeout:
                p.kill()
                out, err = p.communicate()
                return None, out or b"", err or b"", True


class Step:
    __slots__ = ("args", "rc", "stdout", "stderr", "timed_out", "wall", "cpu", "cls", "reason")


def stderr_lines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")


class Case:
    def __init__(self, cfg, index, path, workdir):
        self.cfg = cfg
        self.index = index
        self.path = path
        self.scenario = "plain"
        self.dir = workdir
        self.steps = []
        self.findings = []            # (class, reason, signature)
        self.name_inputs = []         # inputs whose nan/inf words may be echoed legitimately
        self.notes = []
        self.checked = []             # oracles whose comparison was actually made

    # files --------------------------------------------------------------------------------
    def put(self, name, data, names=True):
        (self.dir / name).write_bytes(_b(data))
        if names:
            self.name_inputs.append(name)
        return name

    def read(self, name):
        try:
            return (self.dir / name).read_bytes()
        except OSError:
            return None

    def excluded_words(self):
        words = set()
        for n in self.name_inputs:
            d = self.read(n) or b""
            words.update(m.group().lower() for m in NAN_RE.finditer(d))
        return words

    # findings -----------------------------------------------------------------------------
    def find(self, cls, reason, signature=None):
        self.findings.append((cls, reason, signature or reason[:120]))

    @property
    def cls(self):
        if not self.findings:
            return "ok"
        return min((f[0] for f in self.findings), key=SEVERITY.get)

    # running ------------------------------------------------------------------------------
    def run(self, args, outputs=()):
        s = Step()
        s.args = [str(a) for a in args]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        s.rc, s.stdout, s.stderr, s.timed_out = run_limited(
            [self.cfg.binary] + s.args, self.dir, self.cfg.timeout, self.cfg.mem_mb,
            self.cfg.wall_only)
        s.wall = time.monotonic() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        s.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        s.cls, s.reason = self.classify(s, outputs)
        self.steps.append(s)
        if s.cls != "ok":
            self.find(s.cls, f"step {len(self.steps)} ({s.args[0]}): {s.reason}",
                      signature(s))
        return s

    def classify(self, s, outputs):
        sub = s.args[0] if s.args else ""
        err = s.stderr.decode("utf-8", "replace")
        if s.timed_out:
            return "hang", f"killed after {s.wall:.1f} s wall, {s.cpu:.1f} s cpu (timeout {self.cfg.timeout:g} s)"
        if s.rc < 0 or s.rc in CRASH_CODES or "Fatal error" in err or "Illegal instruction" in err:
            how = f"signal {-s.rc}" if s.rc < 0 else f"exit {s.rc}"
            return "crash", f"{how}: {first_interesting_line(err)}"
        if s.rc == 0:
            excl = self.excluded_words()
            for label, data in [("stdout", s.stdout)] + [(o, self.read(o)) for o in outputs]:
                if not data:
                    continue
                hits = sorted({m.group().lower() for m in NAN_RE.finditer(data)
                               if m.group().lower() not in excl})
                if hits:
                    return "nan", f"exit 0 but {label} contains {', '.join(h.decode() for h in hits)}"
            return "ok", ""
        lines = stderr_lines(err)
        if s.rc == 64:
            if lines and lines[0].startswith("Error:") and len(lines[0]) <= MAX_LINE:
                return "ok", ""
            return "bad-message", f"exit 64 usage text does not start with 'Error:' (or first line > {MAX_LINE} chars): {err[:200]!r}"
        if s.rc == 3 and sub == "check":
            if not s.stderr.strip() and s.stdout.startswith(b"NOT a "):
                return "ok", ""
            return "bad-message", f"check exit 3 without a 'NOT a …' verdict on stdout: stderr {err[:200]!r}"
        if len(lines) != 1 or not lines[0].strip():
            return "bad-message", f"exit {s.rc}: stderr has {0 if not err.strip() else len(lines)} lines (want exactly 1): {err[:200]!r}"
        if len(lines[0]) > MAX_LINE:
            return "bad-message", f"exit {s.rc}: message line of {len(lines[0])} chars (> {MAX_LINE}): {lines[0][:120]!r}…"
        if s.rc not in DOCUMENTED_EXIT:
            return "bad-message", f"undocumented exit code {s.rc}: {lines[0][:200]!r}"
        return "ok", ""


def first_interesting_line(err):
    for line in err.splitlines():
        if "Fatal error" in line or "error" in line.lower():
            return line.strip()[:240]
    lines = [l for l in err.splitlines() if l.strip()]
    return lines[0].strip()[:240] if lines else "(no stderr)"


def signature(s):
    """Rough de-duplication key for the summary."""
    err = s.stderr.decode("utf-8", "replace")
    sub = s.args[0] if s.args else "?"
    if s.cls == "crash":
        m = re.search(r"([\w/]+\.swift:\d+: Fatal error: [^:\n]*(?::[^\n]{0,60})?)", err)
        core = m.group(1) if m else (f"signal {-s.rc}" if s.rc and s.rc < 0 else f"exit {s.rc}")
        return f"{sub}: {core}"
    if s.cls == "hang":
        return f"{sub} " + " ".join(a for a in s.args[1:] if a.startswith("--"))
    if s.cls == "nan":
        return f"{sub}: {s.reason}"
    msg = stderr_lines(err)[0] if err.strip() else "(empty stderr)"
    msg = re.sub(r"^error: [^:]*:(\d+:\d+:)?\s*", "", msg)
    msg = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", msg)
    msg = re.sub(r"\d+", "N", msg)
    return f"{sub} exit {s.rc}: {msg[:90]}"


# ---------------------------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------------------------

def load_seeds(shared, binary, timeout):
    """Seed corpus; model seeds carry their variable names and coarsest partition."""
    seeds = {"ode": [], "net": [], "network": [], "csv": []}
    files = []
    for p in sorted((REPO / "models").glob("*.ode")):
        files.append(("ode", p))
    corpus = REPO / "Tests" / "SymbolicTests" / "FuzzCorpus"
    for p in sorted(corpus.glob("*.ode")):
        files.append(("ode", p))
    for p in sorted(corpus.glob("*.net")):
        files.append(("net", p))
    # Functions, irrational constants, compartments: the hand-written acceptance networks.
    for p in sorted((REPO / "acceptance" / "bionetgen").glob("*.net")):
        files.append(("net", p))
    if shared and shared.is_dir():
        for p in sorted(shared.rglob("*.ode")):
            if p.stat().st_size <= SEED_MAX_BYTES:
                files.append(("ode", p))
        for p in sorted(shared.rglob("*.net")):
            if p.stat().st_size <= SEED_MAX_BYTES:
                files.append(("net", p))
    with tempfile.TemporaryDirectory(prefix="odered-fuzz-seeds-") as tmp:
        for kind, p in files:
            data = p.read_bytes()
            names, coarsest = [], []
            try:
                q = subprocess.run([binary, "reduce", str(p), "--json", "--no-verify"], cwd=tmp,
                                   capture_output=True, timeout=timeout, env=CHILD_ENV)
                if q.returncode == 0:
                    part = json.loads(q.stdout)["partition"]
                    coarsest = [[n.encode() for n in b] for b in part]
                    names = [n for b in coarsest for n in b]
            except (subprocess.TimeoutExpired, ValueError, KeyError):
                pass
            label = str(p.relative_to(shared)) if shared and shared in p.parents else str(p.relative_to(REPO))
            seeds[kind].append({"label": label, "data": data, "names": names,
                                "coarsest": coarsest, "valid": bool(names)})
    for p in sorted((REPO / "models").glob("*.json")):
        try:
            net = json.loads(p.read_text())
        except ValueError:
            continue
        if isinstance(net, dict) and "layers" in net:
            csvp = p.with_name(p.stem + "_data.csv")
            seeds["network"].append({"label": str(p.relative_to(REPO)), "net": net,
                                     "csv": csvp.read_bytes() if csvp.exists() else None})
    for p in sorted((REPO / "models").glob("*.csv")):
        seeds["csv"].append({"label": str(p.relative_to(REPO)), "data": p.read_bytes()})
    return seeds


# ---------------------------------------------------------------------------------------------
# Case builders
# ---------------------------------------------------------------------------------------------

SEEDS = None
CFG = None


def pick_model(rng, kind, clean=False, light=False):
    """Returns (bytes, names, coarsest, label, mutated?)."""
    pool = SEEDS[kind]
    valid = [s for s in pool if s["valid"]] or pool
    r = rng.random()
    if clean or light:
        if r < 0.5 and valid:
            s = rng.choice(valid)
            return s["data"], s["names"], s["coarsest"], s["label"], False
        hp = 0.0 if clean else 0.05
        data, names = gen_ode(rng, hp) if kind == "ode" else gen_net(rng)
        return data, names, [], "generated", False
    if r < 0.45 and pool:
        s = rng.choice(pool)
        n = rng.choice([1, 1, 1, 2, 3])
        return mutate(rng, s["data"], s["names"], MODEL_MUTATORS, n), s["names"], [], s["label"] + " (mutated)", True
    if r < 0.85:
        data, names = gen_ode(rng) if kind == "ode" else gen_net(rng)
        label = "generated"
        if rng.random() < 0.5:
            data = mutate(rng, data, names, MODEL_MUTATORS, 1)
            label += " (mutated)"
            return data, names, [], label, True
        return data, names, [], label, False
    s = rng.choice(valid)
    return s["data"], s["names"], s["coarsest"], s["label"], False


def model_flags(rng, names, allow_epsilon=True):
    flags = []
    if rng.random() < 0.25:
        flags.append("--symbolic-parameters")
    if rng.random() < 0.2:
        flags.append("--backward")
    if rng.random() < 0.3:
        flags.append("--partition-from-model")
    if rng.random() < 0.12:
        flags.append("--partition-from-initial-values")
    if names and rng.random() < 0.15:
        keep = [rng.choice(names) for _ in range(rng.randint(1, 2))]
        flags += ["--keep", b",".join(keep).decode("utf-8", "replace")]
    if allow_epsilon and rng.random() < 0.25:
        eps = rng.choice(HOSTILE_EPSILONS) if rng.random() < 0.15 else rng.choice(EPSILONS)
        flags += ["--epsilon", eps]
        if rng.random() < 0.3:
            flags += ["--linkage", rng.choice(["single", "complete", "average"])]
        if rng.random() < 0.3:
            flags.append("--relative")
    return flags


def model_file(case, rng, kind, data):
    ext = "." + kind
    args = []
    if rng.random() < 0.05:
        ext = ".txt"
        args = ["--format", kind]
    return case.put("model" + ext, data), args


def parse_json(data):
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError, TypeError):
        return None


def parse_verified(step):
    """True/False/None from reduce's JSON or text output."""
    j = parse_json(step.stdout)
    if isinstance(j, dict) and "verified" in j:
        return j["verified"] if isinstance(j["verified"], bool) else None
    m = re.search(rb"^verified\s+(\S+)", step.stdout, re.M)
    if not m:
        return "missing"
    word = m.group(1)
    return True if word == b"yes" else False if word == b"no" else None


def scenario_plain_model(case, rng, kind, data, names):
    mfile, fmt = model_file(case, rng, kind, data)
    cmd = rng.choice(["info", "info", "reduce", "reduce", "check", "sweep", "convert"])
    if cmd == "info":
        case.run(["info", mfile] + fmt + (["--json"] if rng.random() < 0.5 else []))
    elif cmd == "reduce":
        args = ["reduce", mfile] + fmt + model_flags(rng, names)
        outs = []
        if rng.random() < 0.5:
            args += ["-o", "reduced.ode"]
            outs.append("reduced.ode")
            if rng.random() < 0.2:
                args += ["--form", rng.choice(["reactions", "odes"])]
        if rng.random() < 0.4:
            args.append("--json")
        if rng.random() < 0.1:
            args.append("--no-verify")
        case.run(args, outs)
    elif cmd == "check":
        args = ["check", mfile] + fmt + [f for f in model_flags(rng, names, False)
                                         if f != "--partition-from-initial-values"]
        if rng.random() < 0.5:
            args.append("--quiet")
        case.run(args)
    elif cmd == "sweep":
        args = ["sweep", mfile] + fmt + [f for f in model_flags(rng, names, False)
                                         if f != "--partition-from-initial-values"]
        if rng.random() < 0.5:
            eps = [rng.choice(EPSILONS + HOSTILE_EPSILONS[:3]) for _ in range(rng.randint(1, 4))]
            args += ["--epsilons", ",".join(eps)]
        if rng.random() < 0.3:
            args += ["--linkage", "complete"]
        if rng.random() < 0.3:
            args.append("--relative")
        if rng.random() < 0.5:
            args.append("--json")
        case.run(args)
    else:
        args = ["convert", mfile] + fmt
        outs = []
        if rng.random() < 0.6:
            args += ["-o", "converted.ode"]
            outs.append("converted.ode")
        if rng.random() < 0.4:
            args += ["--form", rng.choice(["reactions", "odes"])]
        case.run(args, outs)


def info_counts(step):
    j = parse_json(step.stdout) if step.rc == 0 else None
    return j if isinstance(j, dict) else None


def oracle_reduce(case, rng, kind, data, names):
    """(a) reduce -> check its partition, read its reduced model back."""
    case.scenario = "oracle-reduce"
    mfile, fmt = model_file(case, rng, kind, data)
    flags = model_flags(rng, names, allow_epsilon=False)
    args = ["reduce", mfile] + fmt + flags + ["--partition-out", "P.json", "-o", "R.ode"]
    if rng.random() < 0.2:
        args += ["--form", "reactions"]
    if rng.random() < 0.5:
        args.append("--json")
    r = case.run(args, ["R.ode", "P.json"])
    if r.rc != 0 or r.cls != "ok":
        return
    chk = ["check", mfile] + fmt + ["--partition", "P.json", "--quiet"]
    chk += [f for f in flags if f in ("--backward", "--symbolic-parameters")]
    c = case.run(chk)
    case.checked.append("a:reduce-partition-checks")
    if c.cls == "ok" and c.rc != 0:
        case.find("wrong-answer", f"reduce succeeded but `check --partition P.json` (its own partition) exits {c.rc}: "
                  f"{(c.stdout + c.stderr).decode('utf-8', 'replace').strip()[:240]}",
                  f"oracle-reduce: check of reduce's partition exits {c.rc}")
    i = case.run(["info", "R.ode", "--json"])
    case.checked.append("a:reduced-model-reads-back")
    if i.cls == "ok" and i.rc != 0:
        case.find("wrong-answer", f"reduce wrote R.ode but `info R.ode` exits {i.rc}: "
                  f"{i.stderr.decode('utf-8', 'replace').strip()[:240]}",
                  "oracle-reduce: reduced model does not read back: " +
                  re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", i.stderr.decode("utf-8", "replace").split(": ", 2)[-1]))[:80])
    elif i.cls == "ok":
        part = parse_json(case.read("P.json") or b"")
        counts = info_counts(i)
        if isinstance(part, dict) and isinstance(part.get("partition"), list) and counts:
            nb = len(part["partition"])
            # The reactions form may add ERODE's auxiliary species: a sink and the inflow I = 1.
            extra = 2 if "reactions" in args else 0
            v = counts.get("variables")
            if not (isinstance(v, int) and nb <= v <= nb + extra):
                case.find("wrong-answer", f"reduced model has {counts.get('variables')} variables, partition has {nb} blocks",
                          "oracle-reduce: reduced variables != blocks")


def oracle_convert(case, rng, kind, data, names):
    """(b) convert -> info of the converted model reports the same variables and terms."""
    case.scenario = "oracle-convert"
    mfile, fmt = model_file(case, rng, kind, data)
    args = ["convert", mfile] + fmt + ["-o", "C.ode"]
    if rng.random() < 0.3:
        args += ["--form", "reactions"]
    c = case.run(args, ["C.ode"])
    if c.rc != 0 or c.cls != "ok":
        return
    a = case.run(["info", mfile] + fmt + ["--json"])
    b = case.run(["info", "C.ode", "--json"])
    if a.cls != "ok" or b.cls != "ok":
        return
    if a.rc != 0:
        case.find("wrong-answer", f"convert succeeded but `info` of the original exits {a.rc}",
                  "oracle-convert: info rejects what convert accepted")
        return
    if b.rc != 0:
        case.find("wrong-answer", f"convert wrote C.ode but `info C.ode` exits {b.rc}: "
                  f"{b.stderr.decode('utf-8', 'replace').strip()[:240]}",
                  "oracle-convert: converted model does not read back: " +
                  re.sub(r"\d+", "N", re.sub(r"'[^']*'", "'…'", b.stderr.decode("utf-8", "replace").split(": ", 2)[-1]))[:80])
        return
    ja, jb = info_counts(a), info_counts(b)
    if not ja or not jb:
        return
    case.checked.append("b:convert-keeps-counts")
    if "reactions" in args:
        # ERODE's encodings: up to two auxiliary species (sink, inflow I = 1); the sink's own
        # equation holds one term per degradation, so terms may grow, by at most the original count.
        va, vb, ta, tb = ja.get("variables"), jb.get("variables"), ja.get("terms"), jb.get("terms")
        ok = all(isinstance(x, int) for x in (va, vb, ta, tb)) and va <= vb <= va + 2 and ta <= tb <= 2 * ta
        diff = [] if ok else ["variables", "terms"]
    else:
        diff = [k for k in ("variables", "terms") if ja.get(k) != jb.get(k)]
    if diff:
        case.find("wrong-answer", "convert changed " + ", ".join(f"{k} {ja.get(k)} -> {jb.get(k)}" for k in diff),
                  "oracle-convert: counts differ (" + ",".join(diff) + ")")


def oracle_verified(case, rng, kind, data, names):
    """(d) reduce's `verified` agrees with check on the printed partition."""
    case.scenario = "oracle-verified"
    mfile, fmt = model_file(case, rng, kind, data)
    flags = model_flags(rng, names, allow_epsilon=False)
    if rng.random() < 0.6 and "--partition-from-model" not in flags:
        flags.append("--partition-from-model")
    pout = rng.choice(["P.json", "P.txt"])
    args = ["reduce", mfile] + fmt + flags + ["--partition-out", pout]
    if rng.random() < 0.5:
        args.append("--json")
    r = case.run(args, [pout])
    if r.rc != 0 or r.cls != "ok":
        return
    v = parse_verified(r)
    if v == "missing" or v is None:
        case.find("wrong-answer", "exact reduce exited 0 without a yes/no `verified` verdict",
                  "oracle-verified: no verdict")
        return
    chk = ["check", mfile] + fmt + ["--partition", pout, "--quiet"]
    chk += [f for f in flags if f in ("--backward", "--symbolic-parameters")]
    c = case.run(chk)
    if c.cls != "ok":
        return
    case.checked.append("d:verified-agrees-with-check")
    if (c.rc == 0) != v:
        case.find("wrong-answer", f"reduce printed verified={v} but check of the same partition exits {c.rc}: "
                  f"{(c.stdout + c.stderr).decode('utf-8', 'replace').strip()[:240]}",
                  f"oracle-verified: verified={v} vs check exit {c.rc}")


NET_SECTIONS_RENAME = (b"parameters", b"species", b"reactions", b"compartments")


def net_param_names(data):
    out, sec = [], None
    for line in data.split(b"\n"):
        s = line.strip()
        m = re.match(rb"begin\s+(\w+)", s)
        if m:
            sec = m.group(1)
            continue
        if s.startswith(b"end"):
            sec = None
            continue
        if sec == b"parameters":
            m = re.match(rb"\s*\d+\s+([A-Za-z_][A-Za-z0-9_]*)\s", line + b" ")
            if m:
                out.append(m.group(1))
    return out


def net_other_names(data):
    out, sec = set(), None
    for line in data.split(b"\n"):
        s = line.strip()
        m = re.match(rb"begin\s+(\w+)", s)
        if m:
            sec = m.group(1)
            continue
        if s.startswith(b"end"):
            sec = None
            continue
        if sec in (b"groups", b"compartments", b"functions"):
            f = s.split()
            if len(f) >= 2:
                out.add(f[0] if sec == b"compartments" else f[1].split(b"(")[0])
    return out


def net_rename(data, mapping):
    """Rename parameters where BioNetGen uses them: parameter names and values, species amounts,
    reaction rates, compartment volumes, function bodies (never inside species names)."""
    out, sec = [], None
    data = re.sub(rb"\\[ \t\r]*\n", b" ", data)  # continued lines are one line

    def sub(text):
        for old, new in mapping:
            text = rename_word(text, old, new)
        return text

    for line in data.split(b"\n"):
        s = line.strip()
        m = re.match(rb"begin\s+(\w+)", s)
        if m:
            sec = m.group(1)
            out.append(line)
            continue
        if s.startswith(b"end"):
            sec = None
            out.append(line)
            continue
        code, hash_, comment = line.partition(b"#")
        f = re.split(rb"(\s+)", code)           # keeps separators
        words = [i for i, w in enumerate(f) if w and not w.isspace()]
        if sec == b"parameters" and len(words) >= 2:
            for i in words[1:]:
                f[i] = sub(f[i])
        elif sec == b"species" and len(words) >= 3:
            f[words[-1]] = sub(f[words[-1]])
        elif sec == b"reactions" and len(words) >= 4:
            for i in words[3:]:
                f[i] = sub(f[i])
        elif sec == b"compartments" and len(words) >= 3:
            f[words[2]] = sub(f[words[2]])
        elif sec == b"functions" and len(words) >= 3:
            for i in words[2:]:
                f[i] = sub(f[i])
        out.append(b"".join(f) + hash_ + comment)
    return b"\n".join(out)


def oracle_rename(case, rng, data, names):
    """(c) renaming .net parameters to s0, s1, … or keywords changes nothing (or is rejected)."""
    case.scenario = "oracle-rename"
    params = net_param_names(data)
    if not params:
        return scenario_plain_model(case, rng, "net", data, names)
    taken = set(params) | net_other_names(data)
    nspecies = max(len(names), 1)
    mode = rng.choice(["generated", "generated", "keyword", "underscore"])
    if mode == "generated":                   # the names the reader gives species: s0, s1, ...
        pool = [f"s{i}".encode() for i in range(nspecies + 2)]
    elif mode == "keyword":
        pool = list(KEYWORD_NAMES)
    else:
        pool = [b"_" + p for p in params] + [b"_", b"__", b"_0", b"_s0"]
    mapping = []
    k = rng.choice([1, 1, 2, 3, len(params)])
    chosen = rng.sample(params, min(k, len(params)))
    used = set()
    for old in chosen:
        cands = [n for n in pool if n not in taken and n not in used and n != old]
        if not cands:
            break
        new = rng.choice(cands)
        used.add(new)
        mapping.append((old, new))
    if not mapping:
        return scenario_plain_model(case, rng, "net", data, names)
    # Two passes through placeholders so that swaps cannot chain (a -> s0 while s0 -> …).
    tmp = [(old, b"ZZfuzzTMP%d" % i) for i, (old, _) in enumerate(mapping)]
    renamed = net_rename(net_rename(data, tmp), [(t, new) for (_, t), (_, new) in zip(tmp, mapping)])
    case.notes.append("renamed: " + ", ".join(f"{o.decode()} -> {n.decode()}" for o, n in mapping))
    sym = ["--symbolic-parameters"] if rng.random() < 0.3 else []
    orig = case.put("orig.net", data)
    ren = case.put("renamed.net", renamed)
    ia = case.run(["info", orig, "--json"])
    if ia.rc != 0 or ia.cls != "ok":
        return
    ib = case.run(["info", ren, "--json"])
    if ib.cls != "ok":
        return
    if ib.rc != 0:
        return                                   # a clean rejection is allowed
    ja, jb = info_counts(ia), info_counts(ib)
    keys = ("variables", "parameters", "equations", "terms", "monomials", "degree",
            "zero_derivative_variables", "fixed_variables", "views")
    if ja and jb:
        case.checked.append("c:rename-keeps-info")
        diff = [k for k in keys if ja.get(k) != jb.get(k)]
        if len(ja.get("symbolic_parameters") or []) != len(jb.get("symbolic_parameters") or []):
            diff.append("symbolic_parameters")
        if diff:
            case.find("wrong-answer", "renaming " + case.notes[-1][9:] + " changed info: " +
                      ", ".join(f"{k} {ja.get(k)} -> {jb.get(k)}" for k in diff),
                      "oracle-rename: info counts changed (" + ",".join(diff) + ")")
            return
    ra = case.run(["reduce", orig, "--json"] + sym)
    if ra.rc != 0 or ra.cls != "ok":
        return
    rb_ = case.run(["reduce", ren, "--json"] + sym)
    if rb_.rc != 0 or rb_.cls != "ok":
        return
    pa, pb = parse_json(ra.stdout), parse_json(rb_.stdout)
    if not (isinstance(pa, dict) and isinstance(pb, dict)):
        return
    case.checked.append("c:rename-keeps-blocks")
    sa = sorted(len(b) for b in pa.get("partition") or [])
    sb = sorted(len(b) for b in pb.get("partition") or [])
    if pa.get("blocks") != pb.get("blocks") or sa != sb:
        case.find("wrong-answer", "renaming " + case.notes[-1][9:] +
                  f" changed reduce: blocks {pa.get('blocks')} -> {pb.get('blocks')}",
                  "oracle-rename: reduce blocks changed")


def case_model(case, rng, kind):
    clean = CFG.sanity
    r = rng.random()
    if kind == "net" and (r < 0.28 or (clean and r < 0.4)):
        data, names, _, label, _ = pick_model(rng, kind, clean=clean, light=True)
        case.notes.append("model: " + label)
        return oracle_rename(case, rng, data, names)
    oracle = rng.random()
    light = oracle < 0.6
    data, names, _, label, _ = pick_model(rng, kind, clean=clean, light=light and rng.random() < 0.7)
    case.notes.append("model: " + label)
    if oracle < 0.2:
        oracle_reduce(case, rng, kind, data, names)
    elif oracle < 0.4:
        oracle_convert(case, rng, kind, data, names)
    elif oracle < 0.6:
        oracle_verified(case, rng, kind, data, names)
    else:
        scenario_plain_model(case, rng, kind, data, names)


def case_partition(case, rng, fmt):
    kind = "ode" if rng.random() < 0.7 else "net"
    if rng.random() < 0.75 or CFG.sanity:
        data, names, coarsest, label, _ = pick_model(rng, kind, light=True, clean=CFG.sanity)
    else:
        data, names, coarsest, label, _ = pick_model(rng, kind)
    case.notes.append("model: " + label)
    mfile = case.put("model." + kind, data)
    blocks = random_blocks(rng, names, coarsest)
    hostile = not CFG.sanity and rng.random() < 0.7
    if hostile:
        blocks = hostile_blocks(rng, blocks, names)
    if fmt == "text":
        pdata, pfile = render_partition_text(rng, blocks, hostile), "partition.txt"
    else:
        pdata, pfile = render_partition_json(rng, blocks, hostile), "partition.json"
    if hostile and rng.random() < 0.12:
        pdata = mutate(rng, pdata, names, DATA_MUTATORS, 1)
    case.put(pfile, pdata)
    cmd = rng.choice(["check", "check", "reduce", "reduce", "sweep"])
    extra = []
    if rng.random() < 0.2:
        extra.append("--backward")
    if rng.random() < 0.2:
        extra.append("--symbolic-parameters")
    if names and rng.random() < 0.1:
        extra += ["--keep", rng.choice(names).decode("utf-8", "replace")]
    if rng.random() < 0.1:
        extra.append("--partition-from-model")
    if cmd == "check":
        case.scenario = "check"
        case.run(["check", mfile, "--partition", pfile] + extra + (["--quiet"] if rng.random() < 0.5 else []))
    elif cmd == "sweep":
        case.scenario = "sweep"
        args = ["sweep", mfile, "--partition", pfile] + extra
        if rng.random() < 0.5:
            args += ["--epsilons", ",".join(rng.choice(EPSILONS) for _ in range(rng.randint(1, 3)))]
        case.run(args + (["--json"] if rng.random() < 0.5 else []))
    else:
        case.scenario = "reduce+check"
        args = ["reduce", mfile, "--partition", pfile] + extra + ["--partition-out", "P.json"]
        exact = True
        if rng.random() < 0.2:
            args += ["--epsilon", rng.choice(EPSILONS)]
            exact = args[-1] == "0"
        if rng.random() < 0.4:
            args += ["-o", "R.ode"]
        r = case.run(args + (["--json"] if rng.random() < 0.5 else []), ["P.json", "R.ode"])
        if r.rc == 0 and r.cls == "ok" and exact and "--no-verify" not in args:
            v = parse_verified(r)
            chk = ["check", mfile, "--partition", "P.json", "--quiet"] + \
                  [f for f in extra if f in ("--backward", "--symbolic-parameters")]
            c = case.run(chk)
            if v is True:
                case.checked.append("d:verified-agrees-with-check")
            if c.cls == "ok" and v is True and c.rc != 0:
                case.find("wrong-answer", f"reduce --partition printed verified yes but check of its own partition exits {c.rc}: "
                          f"{(c.stdout + c.stderr).decode('utf-8', 'replace').strip()[:240]}",
                          f"oracle-verified: partition reduce verified but check exits {c.rc}")
            if "-o" in args:
                i = case.run(["info", "R.ode"])
                case.checked.append("a:reduced-model-reads-back")
                if i.cls == "ok" and i.rc != 0:
                    case.find("wrong-answer", f"reduce wrote R.ode but `info R.ode` exits {i.rc}: "
                              f"{i.stderr.decode('utf-8', 'replace').strip()[:240]}",
                              "oracle-reduce: reduced model does not read back")


def network_and_csv(rng, hostile_net):
    """A network object (maybe hostile) and matching CSV rows."""
    seeds = SEEDS["network"]
    if seeds and rng.random() < 0.4:
        s = rng.choice(seeds)
        net = s["net"]
        if s["csv"] is not None and rng.random() < 0.7:
            rows = [l.split(b",") for l in s["csv"].strip().split(b"\n")]
            ys = ["y"]
        else:
            rows, ys = gen_csv_rows(rng, *net_io(net))
        label = s["label"]
    else:
        net = gen_network(rng)
        rows, ys = gen_csv_rows(rng, *net_io(net))
        label = "generated"
    if hostile_net:
        for _ in range(rng.choice([1, 1, 2])):
            net = mutate_network_obj(rng, net)
        label += " (mutated)"
    return net, rows, ys, label


def target_args(ys):
    out = []
    for y in ys:
        out += ["--target", y]
    return out


def case_network(case, rng):
    hostile = not CFG.sanity
    net, rows, ys, label = network_and_csv(rng, hostile)
    case.notes.append("network: " + label)
    text = render_network(rng, net, hostile)
    if hostile and rng.random() < 0.15:
        text = mutate(rng, text, [], DATA_MUTATORS, rng.randint(1, 2))
    nfile = case.put("net.json", text, names=False)
    dfile = case.put("data.csv", dump_csv(rows), names=False)
    cmd = rng.choice(["encode", "compress", "compress", "evaluate", "evaluate"])
    case.scenario = cmd
    if cmd == "encode":
        args = ["encode", nfile, "-o", "enc.ode"]
        if rng.random() < 0.5:
            args.append("--lumping")
        elif rng.random() < 0.5:
            n_in = net_io(net)[0]
            vals = [rng.choice(SMALL_NUMBERS + ["1e308", "1e-400", "-1e308"]) for _ in range(n_in)]
            if rng.random() < 0.1:
                vals.append("1")
            args += ["--input", ",".join(vals)]
        e = case.run(args, ["enc.ode"])
        if e.rc == 0 and e.cls == "ok":
            i = case.run(["info", "enc.ode"])
            case.checked.append("e:encoded-ode-reads-back")
            if i.cls == "ok" and i.rc != 0:
                case.find("wrong-answer", f"encode wrote enc.ode but `info enc.ode` exits {i.rc}: "
                          f"{i.stderr.decode('utf-8', 'replace').strip()[:240]}",
                          "oracle-encode: encoded ODE does not read back")
    elif cmd == "compress":
        args = ["compress", nfile, "-o", "small.json"]
        r = rng.random()
        if r < 0.25:
            args.append("--backward")
            if rng.random() < 0.5:
                args += ["--epsilon", rng.choice(EPSILONS)]
        elif r < 0.6:
            eps = [rng.choice(EPSILONS + ["1e308", "1e-400"]) for _ in range(rng.randint(1, 3))]
            args += ["--epsilon", ",".join(eps)]
        elif r < 0.8:
            args += rng.choice([["--target-grp", rng.choice(["10", "25", "50", "100", "0", "150", "1e-400"])],
                                ["--target-params", rng.choice(["1", "5", "20", "1000", "0"])]])
        if rng.random() < 0.2:
            args += ["--linkage", "complete"]
        if rng.random() < 0.2:
            args.append("--relative")
        if rng.random() < 0.5:
            args.append("--json")
        c = case.run(args, ["small.json"])
        if c.rc == 0 and c.cls == "ok" and rng.random() < 0.4:
            e = case.run(["evaluate", "small.json", dfile] + target_args(ys), [])
            case.checked.append("e:compressed-network-reads-back")
            if e.cls == "ok" and e.rc != 0:
                o = case.run(["evaluate", nfile, dfile] + target_args(ys))
                if o.cls == "ok" and o.rc == 0:
                    case.find("wrong-answer", "compress output cannot be evaluated where the original can: "
                              + e.stderr.decode("utf-8", "replace").strip()[:240],
                              "oracle-compress: compressed network does not read back")
    else:
        args = ["evaluate", nfile, dfile] + target_args(ys)
        if rng.random() < 0.3:
            args.append("--exact")
        if rng.random() < 0.5:
            args.append("--json")
        case.run(args)


def case_csv(case, rng):
    net, rows, ys, label = network_and_csv(rng, False)
    case.notes.append("network: " + label)
    data = dump_csv(rows) if CFG.sanity else mutate_csv(rng, rows)
    nfile = case.put("net.json", jdump(net), names=False)
    dfile = case.put("data.csv", data, names=False)
    header = rows[0] if rows else []
    if rng.random() < 0.5:
        case.scenario = "evaluate"
        args = ["evaluate", nfile, dfile] + target_args(ys)
        if rng.random() < 0.2:
            args += ["--inputs", ",".join(_b(c).decode("utf-8", "replace") for c in header[:net_io(net)[0]])]
        if rng.random() < 0.3:
            args.append("--exact")
        if rng.random() < 0.5:
            args.append("--json")
        case.run(args)
    else:
        case.scenario = "compress-calibration"
        args = ["compress", nfile, "--calibration", dfile, "-o", "small.json"]
        if rng.random() < 0.35:
            args.append("--refit")
        r = rng.random()
        if r < 0.45:
            args += ["--target-grp", rng.choice(["25", "40", "50", "75", "100", "10"])]
        elif r < 0.6:
            args += ["--target-params", rng.choice(["5", "10", "30", "1"])]
        elif r < 0.8:
            args += ["--epsilon", rng.choice(EPSILONS)]
        if rng.random() < 0.15:
            args += ["--inputs", ",".join(_b(c).decode("utf-8", "replace") for c in header[:net_io(net)[0]])]
        if rng.random() < 0.5:
            args.append("--json")
        case.run(args, ["small.json"])


def case_decode(case, rng):
    case.scenario = "decode"
    hostile = not CFG.sanity
    net, rows, ys, label = network_and_csv(rng, hostile and rng.random() < 0.25)
    case.notes.append("network: " + label)
    nfile = case.put("net.json", jdump(net), names=False)
    e = case.run(["encode", nfile, "--lumping", "-o", "L.ode"], ["L.ode"])
    if e.rc != 0 or e.cls != "ok":
        return
    args = ["reduce", "L.ode", "--partition-from-model", "-o", "R.ode"]
    if rng.random() < 0.25:
        args += ["--epsilon", rng.choice(EPSILONS[1:])]
    r = case.run(args, ["R.ode"])
    if r.rc != 0 or r.cls != "ok":
        return
    reduced = case.read("R.ode") or b""
    mutated = hostile and rng.random() < 0.6
    if mutated:
        names = sorted({m.group() for m in re.finditer(rb"\b(?:in|h\d+|out)_\d+\b|\bbias\b", reduced)})
        reduced = mutate(rng, reduced, names, MODEL_MUTATORS, rng.choice([1, 1, 2]))
        case.notes.append("reduced model mutated")
    case.put("R_in.ode", reduced)
    like, lr = "net.json", rng.random()
    if hostile and lr < 0.15:
        like = case.put("like.json", jdump(mutate_network_obj(rng, net)), names=False)
        case.notes.append("like: mutated network")
    elif hostile and lr < 0.25:
        like = case.put("like.json", jdump(gen_network(rng)), names=False)
        case.notes.append("like: another network")
    case.scenario = "decode"
    d = case.run(["decode", "R_in.ode", "--like", like, "-o", "D.json"], ["D.json"])
    if d.rc == 0 and d.cls == "ok" and not mutated and like == "net.json":
        dfile = case.put("data.csv", dump_csv(rows), names=False)
        ev = case.run(["evaluate", "D.json", dfile] + target_args(ys))
        case.checked.append("e:decoded-network-reads-back")
        if ev.cls == "ok" and ev.rc != 0:
            o = case.run(["evaluate", nfile, dfile] + target_args(ys))
            if o.cls == "ok" and o.rc == 0:
                case.find("wrong-answer", "decoded network cannot be evaluated where the original can: "
                          + ev.stderr.decode("utf-8", "replace").strip()[:240],
                          "oracle-decode: decoded network does not read back")


# ---------------------------------------------------------------------------------------------
# odered's JSON model (`convert -o X.json`, read back by every command) and `export`
# ---------------------------------------------------------------------------------------------

HOSTILE_JSON_VALUES = [None, True, [], {}, "", "1/0", "1e999999", "-0", "x", 1e308, -1, 0, 1.5, 10**30,
                       [[[[[]]]]], "1" * 400, "\u0000", "ln(2)", "pi", "A(", 2**63]


def _json_objects(v, out):
    """Every dict and list inside v (v included), for picking a place to mutate."""
    if isinstance(v, (dict, list)):
        out.append(v)
        for x in (v.values() if isinstance(v, dict) else v):
            _json_objects(x, out)
    return out


def mutate_json_model(rng, doc, names):
    """One structural mutation of a parsed JSON model: a key dropped, renamed or added, a value
    replaced by a hostile one, an entry duplicated or dropped, a symbol renamed."""
    places = _json_objects(doc, [])
    place = rng.choice(places)
    r = rng.random()
    if isinstance(place, dict) and place:
        key = rng.choice(list(place))
        if r < 0.25:
            del place[key]
        elif r < 0.4:
            place[key + rng.choice(["_", "s", "X"])] = place.pop(key)
        elif r < 0.8:
            place[key] = rng.choice(HOSTILE_JSON_VALUES)
        else:
            place[rng.choice(["extra", "initial", "value", "atom", "approximation", "definition"])] = rng.choice(HOSTILE_JSON_VALUES)
    elif isinstance(place, list) and place:
        k = rng.randrange(len(place))
        if r < 0.3:
            place.append(place[k])
        elif r < 0.55:
            del place[k]
        elif r < 0.8 and names:
            place[k] = rng.choice(names).decode("utf-8", "replace") if isinstance(place[k], str) else rng.choice(HOSTILE_JSON_VALUES)
        else:
            place[k] = rng.choice(HOSTILE_JSON_VALUES)
    return doc


def reduce_partition(step):
    j = parse_json(step.stdout)
    if isinstance(j, dict) and isinstance(j.get("partition"), list):
        return sorted(sorted(b) for b in j["partition"] if isinstance(b, list))
    return None


def case_json_model(case, rng):
    """A model written as JSON: read back, it reduces as the original; mutated, every command
    refuses it in one line or reads it."""
    data, names, _, label, _ = pick_model(rng, "ode", light=True, clean=True)
    case.notes.append("model: " + label)
    src = case.put("model.ode", data)
    c = case.run(["convert", src, "-o", "model.json"], ["model.json"])
    if c.rc != 0 or c.cls != "ok":
        return
    text = case.read("model.json") or b""
    if CFG.sanity or rng.random() < 0.3:
        case.scenario = "json-oracle"
        a = case.run(["reduce", src, "--json"])
        b = case.run(["reduce", "model.json", "--json"])
        if a.cls != "ok" or b.cls != "ok" or a.rc != 0:
            return
        if b.rc != 0:
            case.find("wrong-answer", f"convert -o model.json succeeded but reduce model.json exits {b.rc}: "
                      + b.stderr.decode("utf-8", "replace").strip()[:200], "oracle-json: written JSON does not read back")
            return
        case.checked.append("j:json-reduces-as-original")
        pa, pb = reduce_partition(a), reduce_partition(b)
        if pa is not None and pb is not None and pa != pb:
            case.find("wrong-answer", "reduce of the JSON model gives another partition than reduce of the .ode",
                      "oracle-json: partitions differ")
        return
    case.scenario = "json-hostile"
    doc = parse_json(text)
    if isinstance(doc, dict) and rng.random() < 0.7:
        for _ in range(rng.randint(1, 3)):
            doc = mutate_json_model(rng, doc, names)
        text = json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    else:
        text = mutate(rng, text, names, DATA_MUTATORS, rng.randint(1, 3))
    case.put("model.json", text)
    cmd = rng.choice(["info", "reduce", "export", "simulate", "convert"])
    if cmd == "info":
        case.run(["info", "model.json", "--json"])
    elif cmd == "reduce":
        case.run(["reduce", "model.json", "-o", "R.json"], ["R.json"])
    elif cmd == "export":
        fmt = rng.choice(["latex", "python", "julia", "matlab", "json", "ode", "net"])
        case.run(["export", "model.json", "--to", fmt, "-o", "E.out"], ["E.out"])
    elif cmd == "simulate":
        case.run(["simulate", "model.json", "--t-end", rng.choice(["1", "0.01", "100"]), "--points", "5"])
    else:
        case.run(["convert", "model.json", "-o", rng.choice(["C.ode", "C.xml"])], ["C.ode"])


EXPORT_EXTENSIONS = {"latex": "tex", "python": "py", "julia": "jl", "matlab": "m", "json": "json", "ode": "ode", "net": "net"}


def case_export(case, rng):
    """export of any model that reads (hostile names included) to every format: exit 0 with no
    NaN in the file, or one line; a JSON or .net export reduces to as many blocks as the original."""
    kind = "ode" if rng.random() < 0.65 else "net"
    data, names, _, label, _ = pick_model(rng, kind, light=True, clean=CFG.sanity)
    case.notes.append("model: " + label)
    mfile, fmt = model_file(case, rng, kind, data)
    to = rng.choice(list(EXPORT_EXTENSIONS))
    out = ("exported." if rng.random() < 0.8 else rng.choice(["my.model.", "end.", "rhs_.", "3d."])) + EXPORT_EXTENSIONS[to]
    case.scenario = "export-" + to
    args = ["export", mfile] + fmt + (["--to", to] if rng.random() < 0.6 else []) + ["-o", out]
    if rng.random() < 0.1:
        args += ["--t-end", rng.choice(["0", "-1", "1e400", "5"])]
    e = case.run(args, [out])
    if e.rc != 0 or e.cls != "ok" or to not in ("json", "net"):
        return
    a = case.run(["reduce", mfile] + fmt + ["--json"])
    b = case.run(["reduce", out, "--json"])
    if a.cls != "ok" or b.cls != "ok" or a.rc != 0:
        return
    if b.rc != 0:
        case.find("wrong-answer", f"export --to {to} succeeded but reduce of the file exits {b.rc}: "
                  + b.stderr.decode("utf-8", "replace").strip()[:200], f"oracle-export: {to} does not read back")
        return
    case.checked.append("e:export-reduces-alike")
    ja, jb = parse_json(a.stdout), parse_json(b.stdout)
    if isinstance(ja, dict) and isinstance(jb, dict):
        # A .net export keeps the variables in order but names them anew: compare block counts.
        ka, kb = len(ja.get("partition") or []), len(jb.get("partition") or [])
        if ka != kb:
            case.find("wrong-answer", f"export --to {to}: the original reduces to {ka} blocks, the export to {kb}",
                      f"oracle-export: {to} block count differs")


PATH_WEIGHTS = [("ode-model", 22), ("net-model", 13), ("partition-text", 10),
                ("partition-json", 10), ("network-json", 16), ("csv", 14), ("decode-like", 8),
                ("json-model", 12), ("export", 10)]


def init_worker(cfg, seeds):
    global CFG, SEEDS
    CFG, SEEDS = cfg, seeds
    signal_default()


def signal_default():
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_case(index):
    rng = random.Random(f"odered-fuzz:{CFG.seed}:{index}")
    path = weighted(rng, PATH_WEIGHTS)
    base = Path(tempfile.mkdtemp(prefix="odfz-", dir=CFG.tmp))
    case = Case(CFG, index, path, base)
    t0 = time.monotonic()
    try:
        if path == "ode-model":
            case_model(case, rng, "ode")
        elif path == "net-model":
            case_model(case, rng, "net")
        elif path == "partition-text":
            case_partition(case, rng, "text")
        elif path == "partition-json":
            case_partition(case, rng, "json")
        elif path == "network-json":
            case_network(case, rng)
        elif path == "csv":
            case_csv(case, rng)
        elif path == "json-model":
            case_json_model(case, rng)
        elif path == "export":
            case_export(case, rng)
        else:
            case_decode(case, rng)
    except Exception as e:  # noqa: BLE001 - a harness bug must not kill the campaign
        import traceback
        case.notes.append("HARNESS ERROR: " + traceback.format_exc())
        case.find("harness-error", f"harness exception {type(e).__name__}: {e}")
    cls = case.cls
    artifact = None
    if cls != "ok":
        artifact = save_case(case, cls)
    shutil.rmtree(base, ignore_errors=True)
    return {"index": index, "path": path, "scenario": case.scenario, "cls": cls,
            "classes": sorted({f[0] for f in case.findings}),
            "signatures": [(f[0], f[2]) for f in case.findings],
            "reason": case.findings[0][1] if case.findings else "",
            "first": next((f[1] for f in case.findings if f[0] == cls), ""),
            "artifact": artifact, "runs": len(case.steps), "seconds": time.monotonic() - t0,
            "checked": sorted(set(case.checked)),
            "failed_checks": sorted({f[2].split(":")[0] for f in case.findings if f[0] == "wrong-answer"})}


def save_case(case, cls):
    dest = Path(CFG.out) / cls / f"s{CFG.seed}-{case.index:06d}-{case.path}"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(case.dir, dest)
    lines = [f"class     {cls}", f"path      {case.path}", f"scenario  {case.scenario}",
             f"seed      {CFG.seed}", f"case      {case.index}", f"binary    {CFG.binary}"]
    lines += [f"note      {n}" for n in case.notes]
    lines.append("")
    lines += [f"finding   [{c}] {r}" for c, r, _ in case.findings]
    lines.append("")
    repro = ["#!/bin/sh", "# Re-run the steps of this case (from this directory).",
             f"BIN=${{ODERED:-{shlex.quote(CFG.binary)}}}", 'cd "$(dirname "$0")"']
    for k, s in enumerate(case.steps, 1):
        cmd = "$BIN " + " ".join(shlex.quote(a) for a in s.args)
        repro.append(cmd)
        rc = "timeout" if s.timed_out else s.rc
        lines.append(f"--- step {k}: {cmd}")
        lines.append(f"    exit {rc}, {s.wall:.2f} s wall, {s.cpu:.2f} s cpu, class {s.cls}"
                     + (f": {s.reason}" if s.reason else ""))
        (dest / f"step{k}.stdout").write_bytes(s.stdout[:ARTIFACT_MAX])
        (dest / f"step{k}.stderr").write_bytes(s.stderr[:ARTIFACT_MAX])
        for label, data in (("stderr", s.stderr), ("stdout", s.stdout)):
            if data.strip():
                txt = data[:1500].decode("utf-8", "replace")
                lines.append(f"    {label}:")
                lines += ["      " + l[:400] for l in txt.splitlines()[:25]]
    (dest / "case.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (dest / "repro.sh").write_text("\n".join(repro) + "\n", encoding="utf-8")
    os.chmod(dest / "repro.sh", 0o755)
    return str(dest)


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

MARKER = ".odered-fuzz-campaign"


def prepare_out(out):
    out.mkdir(parents=True, exist_ok=True)
    if (out / MARKER).exists():            # only ever clean a directory this harness made
        for c in FAILURE_CLASSES + ["harness-error"]:
            shutil.rmtree(out / c, ignore_errors=True)
    (out / MARKER).write_text("output of fuzz/campaign.py; class folders are replaced on each run\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Fuzzing campaign for odered (see fuzz/README.md).")
    ap.add_argument("--binary", required=True, help="odered binary to test")
    ap.add_argument("--seed", type=int, default=0, help="campaign seed (cases are deterministic in it)")
    ap.add_argument("--cases", type=int, default=1000, help="number of cases")
    ap.add_argument("--jobs", type=int, default=1, help="parallel worker processes (default 1)")
    ap.add_argument("--out", default="/tmp/fuzz-out", help="where failing cases are written")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per binary run (default 10)")
    ap.add_argument("--wall-timeout", action="store_true",
                    help="kill at --timeout seconds of wall time even when the run got little CPU "
                         "(default: a hang needs --timeout wall seconds and half of it in CPU, or 2x wall)")
    ap.add_argument("--memory-mb", type=int, default=4096,
                    help="address-space limit per binary run in MiB (0: none; default 4096)")
    ap.add_argument("--shared", default=os.environ.get("ODERED_SHARED_MODELS", str(DEFAULT_SHARED)),
                    help="third-party models folder (skipped when absent)")
    ap.add_argument("--first", type=int, default=0, help="index of the first case (to replay a range)")
    ap.add_argument("--sanity", action="store_true",
                    help="no mutation: run the oracles on unmutated seeds and generated valid inputs "
                         "(any failure is a real bug or a harness false positive)")
    ap.add_argument("--quiet", action="store_true", help="no progress line")
    a = ap.parse_args(argv)

    binary = str(Path(a.binary).resolve())
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"error: --binary {a.binary}: not an executable file", file=sys.stderr)
        return 2
    out = Path(a.out).resolve()
    prepare_out(out)
    shared = Path(a.shared) if a.shared else None
    if shared is not None and not shared.is_dir():
        print(f"note: {shared} not found; using only the repository's models", file=sys.stderr)
        shared = None

    t_start = time.monotonic()
    apply_limits(a.memory_mb)
    seeds = load_seeds(shared, binary, a.timeout)
    tmp_root = tempfile.mkdtemp(prefix="odered-fuzz-")
    cfg = Config(binary, a.timeout, a.memory_mb, str(out), a.seed, a.sanity, a.wall_timeout)
    cfg.tmp = tmp_root
    n_seed = {k: len(v) for k, v in seeds.items()}
    print(f"odered fuzz campaign: binary {binary}, seed {a.seed}, cases {a.cases}, jobs {a.jobs}, "
          f"timeout {a.timeout:g} s{', SANITY (no mutation)' if a.sanity else ''}")
    print(f"seeds: {n_seed['ode']} .ode, {n_seed['net']} .net, {n_seed['network']} networks, "
          f"{n_seed['csv']} csv (shared models: {shared if shared else 'absent'})", flush=True)

    results = []
    indices = range(a.first, a.first + a.cases)
    last = time.monotonic()

    def progress(done):
        nonlocal last
        if a.quiet:
            return
        tty = sys.stderr.isatty()
        if (tty and time.monotonic() - last >= 2) or (not tty and done % 500 == 0) or done == a.cases:
            last = time.monotonic()
            bad = sum(r["cls"] != "ok" for r in results)
            print(f"\r{done}/{a.cases} cases, {bad} failing, {time.monotonic() - t_start:.0f} s",
                  end="\n" if done == a.cases or not sys.stderr.isatty() else "", file=sys.stderr, flush=True)

    try:
        if a.jobs <= 1:
            init_worker(cfg, seeds)
            import signal
            signal.signal(signal.SIGINT, signal.default_int_handler)
            for i in indices:
                results.append(run_case(i))
                progress(len(results))
        else:
            ctx = multiprocessing.get_context("fork")
            with ctx.Pool(a.jobs, initializer=init_worker, initargs=(cfg, seeds)) as pool:
                for r in pool.imap_unordered(run_case, indices, chunksize=4):
                    results.append(r)
                    progress(len(results))
    except KeyboardInterrupt:
        print(f"\ninterrupted after {len(results)} cases", file=sys.stderr)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    wall = time.monotonic() - t_start
    results.sort(key=lambda r: r["index"])
    return report(results, wall, a, out)


def report(results, wall, a, out):
    n = len(results)
    classes = CLASSES + (["harness-error"] if any(r["cls"] == "harness-error" for r in results) else [])
    by_cls = collections.Counter(r["cls"] for r in results)
    runs = sum(r["runs"] for r in results)
    print()
    print(f"total cases  {n}   binary runs {runs}   wall time {wall:.1f} s "
          f"({1000 * wall / max(n, 1):.1f} ms/case with {a.jobs} job{'s' if a.jobs != 1 else ''})")
    print()
    print("class          cases")
    for c in classes:
        print(f"{c:<14} {by_cls.get(c, 0):>6}")
    print()
    cols = classes
    head = f"{'input path':<16} {'cases':>6} " + " ".join(f"{c:>12}" for c in cols) + f" {'run s':>8}"
    print(head)
    for p in PATHS:
        rs = [r for r in results if r["path"] == p]
        cnt = collections.Counter(r["cls"] for r in rs)
        print(f"{p:<16} {len(rs):>6} " + " ".join(f"{cnt.get(c, 0):>12}" for c in cols)
              + f" {sum(r['seconds'] for r in rs):>8.1f}")
    print()
    scen = collections.defaultdict(collections.Counter)
    for r in results:
        scen[f"{r['path']}/{r['scenario']}"][r["cls"]] += 1
    print(f"{'path/scenario':<36} {'cases':>6} " + " ".join(f"{c:>12}" for c in cols))
    for k in sorted(scen):
        cnt = scen[k]
        print(f"{k:<36} {sum(cnt.values()):>6} " + " ".join(f"{cnt.get(c, 0):>12}" for c in cols))
    print()
    checked = collections.Counter(k for r in results for k in r["checked"])
    if checked:
        print("oracle comparisons actually made (cases):")
        for k in sorted(checked):
            print(f"  {k:<36} {checked[k]:>6}")
        print()
    failing = [c for c in classes if c != "ok" and by_cls.get(c)]
    if not failing:
        print("no failures")
    else:
        print("failures (one example per class):")
        for c in failing:
            ex = next(r for r in results if r["cls"] == c)
            print(f"  {c:<13} {by_cls[c]:>5}  {ex['artifact']}")
            print(f"  {'':<13} {'':>5}  {ex['first'][:200]}")
        print()
        print("distinct signatures (all findings, most frequent first):")
        sig = collections.Counter()
        for r in results:
            for c, s in dict.fromkeys(r["signatures"]):
                sig[(c, s)] += 1
        shown = collections.Counter()
        for (c, s), k in sorted(sig.items(), key=lambda kv: (SEVERITY.get(kv[0][0], 9), -kv[1], kv[0][1])):
            shown[c] += 1
            if shown[c] <= 8:
                print(f"  {c:<13} {k:>5}  {s[:150]}")
            elif shown[c] == 9:
                print(f"  {c:<13}   ...  ({sum(1 for (cc, _) in sig if cc == c)} signatures in all)")
    summary = {"cases": n, "wall_seconds": wall, "binary_runs": runs, "seed": a.seed,
               "jobs": a.jobs, "classes": dict(by_cls),
               "paths": {p: dict(collections.Counter(r["cls"] for r in results if r["path"] == p)) for p in PATHS},
               "failures": [{k: r[k] for k in ("index", "path", "scenario", "cls", "first", "artifact")}
                            for r in results if r["cls"] != "ok"]}
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    print(f"\nsummary: {out / 'summary.json'}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
