#!/usr/bin/env python3
"""Independent re-implementation of the SayStop.Sealing v1 formats from docs/SEALING.md, in Python with the
`cryptography` package (OpenSSL) instead of libsodium/NSec; Argon2id from `cryptography` >= 44, or else from the
reference Argon2 library through `argon2-cffi` (Debian: python3-cryptography python3-argon2). It recomputes every expected value of sealing-v1.json
from its inputs and exits non-zero on any difference. Usage: python3 crosscheck.py [path/to/sealing-v1.json]

XChaCha20-Poly1305 is not in `cryptography`, so it is composed here as the draft specifies it
(HChaCha20 subkey + ChaCha20-Poly1305 with nonce 0^4 | last 8 nonce bytes); HChaCha20 is checked against the
draft's own test vector (section 2.2.1) before use. This file is test tooling, not product code."""
import hashlib
import json
import os
import struct
import sys
import unicodedata
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
try:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
except ImportError:  # cryptography < 44 (Debian 12 ships 38): the reference Argon2 library through argon2-cffi
    Argon2id = None
    from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def _rotl(v, c):
    return ((v << c) & 0xFFFFFFFF) | (v >> (32 - c))


def _quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = _rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = _rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = _rotl(s[b] ^ s[c], 7)


def hchacha20(key, nonce16):
    s = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574] + list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", nonce16))
    for _ in range(10):
        _quarter(s, 0, 4, 8, 12); _quarter(s, 1, 5, 9, 13); _quarter(s, 2, 6, 10, 14); _quarter(s, 3, 7, 11, 15)
        _quarter(s, 0, 5, 10, 15); _quarter(s, 1, 6, 11, 12); _quarter(s, 2, 7, 8, 13); _quarter(s, 3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


assert hchacha20(bytes(range(32)), bytes.fromhex("000000090000004a0000000031415927")).hex() == \
    "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc", "HChaCha20 self-test"


def xchacha_seal(key, nonce, ad, plaintext):
    return ChaCha20Poly1305(hchacha20(key, nonce[:16])).encrypt(b"\0" * 4 + nonce[16:], plaintext, ad)


def hkdf(ikm, salt, info, length):
    return HKDF(hashes.SHA256(), length, salt if salt else None, info).derive(ikm)


def argon2id(password, salt, m, t):
    if Argon2id is None:
        return hash_secret_raw(password, salt, time_cost=t, memory_cost=m, parallelism=1, hash_len=32, type=Type.ID, version=19)
    return Argon2id(salt=salt, length=32, iterations=t, lanes=1, memory_cost=m).derive(password)


def x25519_public(private):
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def x25519(private, public):
    return X25519PrivateKey.from_private_bytes(private).exchange(X25519PublicKey.from_public_bytes(public))


ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def crockford(data):
    bits = int.from_bytes(data, "big")
    n = len(data) * 8 // 5
    return "".join(ALPHABET[(bits >> (5 * (n - 1 - i))) & 31] for i in range(n))


def group(text, size=4):
    return "-".join(text[i:i + size] for i in range(0, len(text), size))


def main(path):
    with open(path, encoding="utf-8") as f:
        vectors = json.load(f)
    inp, expected = vectors["inputs"], vectors["expected"]
    h = bytes.fromhex
    m, t = inp["argon2id"]["memoryKiB"], inp["argon2id"]["iterations"]
    cost = struct.pack(">IIB", m, t, 1)
    rid = uuid.UUID(inp["reportId"]).bytes  # RFC 9562 byte order
    ck = h(inp["contentKey"])
    got = {}

    e = inp["envelope"]
    header = b"\x01E"
    key = hkdf(ck, b"", b"SayStop.Sealing/v1/envelope", 32)
    ad = header + rid + e["purpose"].encode()
    got["envelope.sealed"] = header + h(e["nonce"]) + xchacha_seal(key, h(e["nonce"]), ad, e["plaintext"].encode())

    s = inp["sealedKey"]
    rpk = x25519_public(h(s["recipientPrivateKey"]))
    epk = x25519_public(h(s["ephemeralPrivateKey"]))
    kid = hashlib.sha256(rpk).digest()[:16]
    okm = hkdf(x25519(h(s["ephemeralPrivateKey"]), rpk), b"", b"SayStop.Sealing/v1/sealed-key" + epk + rpk, 56)
    prefix = b"\x01K" + kid + epk
    got["sealedKey.recipientPublicKey"] = rpk
    got["sealedKey.recipientKeyId"] = kid.hex()
    got["sealedKey.ephemeralPublicKey"] = epk
    got["sealedKey.sealed"] = prefix + xchacha_seal(okm[:32], okm[32:], prefix + rid, ck)

    r = inp["receipt"]
    rb = h(r["bytes"])
    got["receipt.display"] = group(crockford(rb))
    got["receipt.locator"] = crockford(rb[:5])
    master = argon2id(rb[5:], h(r["salt"]), m, t)
    verifier = hkdf(master, b"", b"SayStop.Sealing/v1/receipt-verifier" + rid, 32)
    wrap = hkdf(master, b"", b"SayStop.Sealing/v1/receipt-wrap" + rid, 32)
    prefix = b"\x01R" + cost + h(r["salt"]) + verifier
    got["receipt.verifier"] = prefix + h(r["nonce"]) + xchacha_seal(wrap, h(r["nonce"]), prefix + rid, ck)

    p = inp["protectedPrivateKey"]
    ppk = x25519_public(h(p["privateKey"]))
    key = argon2id(unicodedata.normalize("NFC", p["password"]).encode(), h(p["salt"]), m, t)
    prefix = b"\x01P" + cost + h(p["salt"]) + ppk
    got["protectedPrivateKey.publicKey"] = ppk
    got["protectedPrivateKey.protected"] = prefix + h(p["nonce"]) + xchacha_seal(key, h(p["nonce"]), prefix, h(p["privateKey"]))

    rk = h(inp["recoveryKey"]["privateKey"])
    payload = b"\x01" + rk
    payload += hashlib.sha256(b"SayStop.Sealing/v1/recovery-checksum" + payload).digest()[:2]
    got["recoveryKey.publicKey"] = x25519_public(rk)
    got["recoveryKey.text"] = group(crockford(payload))

    a = inp["attachment"]
    size, pt = a["chunkSize"], h(a["plaintext"])
    header = b"\x01A" + struct.pack(">I", size) + h(a["salt"]) + h(a["noncePrefix"])
    key = hkdf(ck, h(a["salt"]), b"SayStop.Sealing/v1/attachment" + rid + a["purpose"].encode(), 32)
    chunks = [pt[i:i + size] for i in range(0, len(pt), size)] or [b""]
    out = header
    for i, chunk in enumerate(chunks):
        nonce = h(a["noncePrefix"]) + struct.pack(">I", i) + (b"\x01" if i == len(chunks) - 1 else b"\x00")
        out += xchacha_seal(key, nonce, header, chunk)
    got["attachment.sealed"] = out

    failures = 0
    for name, value in expected.items():
        actual = got.get(name)
        actual = actual.hex() if isinstance(actual, bytes) else actual
        status = "ok  " if actual == value else "FAIL"
        failures += status == "FAIL"
        print(f"{status} {name}")
    missing = set(got) - set(expected)
    if missing:
        print("not in the file:", sorted(missing))
        failures += len(missing)
    print(f"{len(expected) - failures} of {len(expected)} values reproduced independently")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "sealing-v1.json")))
