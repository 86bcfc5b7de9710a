#!/usr/bin/env python3
"""Extracts the golden vectors of TFLite Micro's signal kernel tests into JSON test data.

Usage: port-micro-signal-vectors.py <tflite-micro checkout or bare git dir> <output dir>

Reads signal/micro/kernels/{delay,framer,overlap_add,stacker,fft}_test.cc, their *_flexbuffers_generated_data.cc
and signal/testdata/fft_test_data.cc at HEAD, and writes one <op>.json per test file: for each TEST, the numeric
arrays it declares (named as in the test, constants substituted) and the flexbuffer option blobs it uses (hex).
Only data is carried over; the tests in tests/Runtime.Tests/Signal drive ManagedLite with it.
"""
import json, re, subprocess, sys

repo, out = sys.argv[1], sys.argv[2]

def show(path):
    return subprocess.run(["git", "-C", repo, "show", "HEAD:" + path], check=True, capture_output=True, text=True).stdout

commit = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()

def strip_comments(s):
    s = re.sub(r"/\*.*?\*/", "", s, flags=re.S)
    return re.sub(r"//[^\n]*", "", s)

def number(tok, consts):
    tok = tok.strip()
    if tok in consts: return consts[tok]
    if re.fullmatch(r"[-+]?0[xX][0-9a-fA-F]+", tok): return int(tok, 16)
    if re.fullmatch(r"[-+]?\d+", tok): return int(tok)
    t = tok.rstrip("fF")
    return float(t)

ARRAY = re.compile(r"(?:const\s+)?(?:extern\s+const\s+)?(?:int|int16_t|int32_t|float|bool|unsigned char)\s+(\w+)\s*\[[^\]]*\]\s*=\s*\{([^}]*)\}\s*;", re.S)
CONST = re.compile(r"(?:constexpr|const)\s+int\s+(\w+)\s*=\s*([-\w]+)\s*;")

def arrays(text, consts):
    res = {}
    for name, body in ARRAY.findall(text):
        toks = [t for t in body.replace("\n", " ").split(",") if t.strip()]
        try:
            res[name] = [number(t, consts) for t in toks]
        except ValueError:
            pass  # an initializer that is not plain numbers
    return res

def flexbuffers(path):
    text = strip_comments(show(path))
    return {name: bytes(v).hex() for name, v in arrays(text, {}).items() if name.startswith("g_gen_data_")}

def tests(path, extra=None):
    text = strip_comments(show(path))
    global_consts = {k: number(v, {}) for k, v in CONST.findall(text.split("TEST(")[0]) if re.fullmatch(r"[-\d]+", v)}
    result = {}
    for m in re.finditer(r"TEST\((\w+),\s*(\w+)\)\s*\{", text):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body = text[m.end():i - 1]
        consts = dict(global_consts)
        for k, v in CONST.findall(body):
            consts[k] = number(v, consts)
        entry = {"arrays": arrays(body, consts), "constants": consts,
                 "flexbuffers": sorted(set(re.findall(r"\bg_gen_data_(?!size_)\w+", body)))}
        if extra:
            entry["data"] = sorted(n for n in extra if re.search(r"\b" + n + r"\b", body))
        result[m.group(2)] = entry
    return result

for op in ["delay", "framer", "overlap_add", "stacker"]:
    doc = {"source": f"tensorflow/tflite-micro@{commit} signal/micro/kernels/{op}_test.cc (Apache-2.0)",
           "flexbuffers": flexbuffers(f"signal/micro/kernels/{op}_flexbuffers_generated_data.cc"),
           "tests": tests(f"signal/micro/kernels/{op}_test.cc")}
    json.dump(doc, open(f"{out}/{op}.json", "w"), indent=1)

fft_data = {k: v for k, v in arrays(strip_comments(show("signal/testdata/fft_test_data.cc")), {}).items() if k.startswith("kIrfft")}
irfft_tests = {k: v for k, v in tests("signal/micro/kernels/fft_test.cc", fft_data).items() if k.startswith("Irfft")}
doc = {"source": f"tensorflow/tflite-micro@{commit} signal/micro/kernels/fft_test.cc, signal/testdata/fft_test_data.cc (Apache-2.0)",
       "flexbuffers": flexbuffers("signal/micro/kernels/fft_flexbuffers_generated_data.cc"),
       "tests": irfft_tests, "data": fft_data}
json.dump(doc, open(f"{out}/irfft.json", "w"), indent=1)
