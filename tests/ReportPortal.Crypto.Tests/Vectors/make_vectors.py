#!/usr/bin/env python3
"""Computes the known-answer vectors of docs/crypto-format.md without the C# code.

Written from the format description alone, on pyca/cryptography (Debian: python3-cryptography), so
that a vector the C# code matches is evidence both agree with the document, not merely with each other.
Run it and paste the blocks it prints into the document; CryptoFormatDocumentTests checks the C# code
against whatever the document holds.

Normalisation vectors are not computed here: their expected outputs are written by hand from the rules
in the document (they were the expectations of BlindIndexTests first).
"""

import hashlib
import hmac
import struct
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CHUNK = 65536
CASE_A = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
RECORD_A = "11111111-2222-3333-4444-555555555555"


def seq(length, start=0):
    return bytes((start + i) & 0xFF for i in range(length))


def lp(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return struct.pack(">I", len(data)) + data


def context_ad(version, purpose, case_id, record_id, field):
    return (bytes([version]) + lp(purpose) + lp(uuid.UUID(case_id).bytes)
            + lp(uuid.UUID(record_id).bytes) + lp(field))


def hkdf(ikm, salt, info, length=32):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def gcm(key, nonce, plaintext, ad):
    return AESGCM(key).encrypt(nonce, plaintext, ad)  # ciphertext || tag


def block(lines):
    print("```vector")
    for k, v in lines:
        if isinstance(v, (bytes, bytearray)):
            v = v.hex()
        print(f"{k}: {v}" if v != "" else f"{k}:")
    print("```")
    print()


def seal_bytes():
    key, nonce = seq(32), bytes.fromhex("cafebabefacedbaddecaf888")
    plaintext = b"Officer shared the photos in the group chat."
    ad = context_ad(1, "reportportal/seal/bytes", CASE_A, RECORD_A, "narrative")
    block([("name", "seal-bytes-1"), ("format", "seal-bytes"), ("key", key), ("nonce", nonce),
           ("case-id", CASE_A), ("record-id", RECORD_A), ("field", "narrative"),
           ("plaintext", plaintext), ("ad", ad), ("sealed", b"\x01" + nonce + gcm(key, nonce, plaintext, ad))])


BUCKETS = [256, 512, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576, 32768, 49152, 65536]


def padded_size(byte_count):
    needed = byte_count + 4
    for b in BUCKETS:
        if needed <= b:
            return b
    return -(-needed // 65536) * 65536


def seal_text(name, text, full):
    key, nonce = seq(32), bytes.fromhex("cafebabefacedbaddecaf888")
    utf8 = text.encode("utf-8")
    size = padded_size(len(utf8))
    padded = struct.pack(">I", len(utf8)) + utf8 + bytes(size - 4 - len(utf8))
    ad = context_ad(1, "reportportal/seal/text", CASE_A, RECORD_A, "narrative")
    sealed = b"\x01" + nonce + gcm(key, nonce, padded, ad)
    lines = [("name", name), ("format", "seal-text"), ("key", key), ("nonce", nonce),
             ("case-id", CASE_A), ("record-id", RECORD_A), ("field", "narrative"),
             ("text", utf8), ("padded-size", size), ("ad", ad)]
    lines += [("sealed", sealed)] if full else [("sealed-sha256", hashlib.sha256(sealed).digest())]
    block(lines)


def text_padding():
    block([("name", "text-buckets"), ("format", "text-padding"),
           ("buckets", " ".join(str(b) for b in BUCKETS + [131072, 196608]))])


def file_vector(name, plaintext_lines, plaintext):
    key, prefix = seq(32, 0x40), bytes.fromhex("0102030405060708")
    padded = plaintext + b"\x80" + bytes((-len(plaintext) - 1) % CHUNK)
    assert len(padded) % CHUNK == 0
    count = len(padded) // CHUNK
    base = context_ad(2, "reportportal/file/chunk", CASE_A, RECORD_A, "narrative")
    sealed = bytes([2]) + prefix
    tags = []
    for i in range(count):
        last = i == count - 1
        nonce = prefix + struct.pack(">I", i)
        out = gcm(key, nonce, padded[i * CHUNK:(i + 1) * CHUNK], base + struct.pack(">I", i) + bytes([1 if last else 0]))
        tags.append(out[-16:].hex())
        sealed += out
    last_ad = base + struct.pack(">I", count - 1) + b"\x01"
    block([("name", name), ("format", "file"), ("key", key), ("nonce-prefix", prefix),
           ("case-id", CASE_A), ("record-id", RECORD_A), ("field", "narrative")] + plaintext_lines
          + [("chunks", count), ("last-chunk-ad", last_ad), ("chunk-tags", " ".join(tags)),
             ("sealed-length", len(sealed)), ("sealed-head", sealed[:64]),
             ("sealed-sha256", hashlib.sha256(sealed).digest())])


def files():
    file_vector("file-empty", [("plaintext", "")], b"")
    file_vector("file-hello", [("plaintext", b"hello")], b"hello")
    file_vector("file-one-full-chunk", [("plaintext-sequential-length", CHUNK)], seq(CHUNK))
    file_vector("file-chunk-and-five", [("plaintext-sequential-length", CHUNK + 5)], seq(CHUNK + 5))


GRANT_AD = b"case:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
GRANT_NONCE = bytes.fromhex("000102030405060708090a0b")


def wrap_symmetric():
    wrapping_key, to_wrap = seq(32), seq(32, 0xA0)
    ad = b"\x01" + lp("reportportal/grant/symmetric") + lp(GRANT_AD)
    block([("name", "wrap-symmetric-1"), ("format", "wrap-symmetric"), ("wrapping-key", wrapping_key),
           ("nonce", GRANT_NONCE), ("key-to-wrap", to_wrap), ("caller-ad", GRANT_AD), ("ad", ad),
           ("wrapped", b"\x01" + GRANT_NONCE + gcm(wrapping_key, GRANT_NONCE, to_wrap, ad))])


def point(private_key):
    return private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def wrap_ecies():
    recipient_d = bytes.fromhex("b2fc7d032c795f4f8bb977e86744efb2cf208051b80c78d065f7b248399ecfd4")
    ephemeral_d = bytes.fromhex("1fd2d5609eafb7a761617706a3754fb9189eac4a38ca3b6f7b337e4eef077d79")
    recipient = ec.derive_private_key(int.from_bytes(recipient_d, "big"), ec.SECP256R1())
    ephemeral = ec.derive_private_key(int.from_bytes(ephemeral_d, "big"), ec.SECP256R1())
    recipient_point, ephemeral_point = point(recipient), point(ephemeral)
    shared = ephemeral.exchange(ec.ECDH(), recipient.public_key())
    assert shared == recipient.exchange(ec.ECDH(), ephemeral.public_key())
    wrap_key = hkdf(shared, ephemeral_point + recipient_point, b"reportportal/grant/ecies/hkdf-sha256/v1")
    to_wrap = seq(32, 0xA0)
    ad = b"\x01" + lp("reportportal/grant/ecies") + lp(GRANT_AD)
    wrapped = b"\x01" + ephemeral_point + GRANT_NONCE + gcm(wrap_key, GRANT_NONCE, to_wrap, ad)
    block([("name", "wrap-ecies-1"), ("format", "wrap-ecies"), ("recipient-private", recipient_d),
           ("recipient-public", recipient_point), ("ephemeral-private", ephemeral_d),
           ("ephemeral-public", ephemeral_point), ("nonce", GRANT_NONCE), ("key-to-wrap", to_wrap),
           ("caller-ad", GRANT_AD), ("shared-secret", shared), ("wrap-key", wrap_key), ("ad", ad),
           ("wrapped", wrapped)])


def wrap_password():
    password = "pässwörd".encode("utf-8")
    pepper, salt, nonce = seq(32, 0x30), seq(16, 0x50), seq(12, 0x60)
    iterations = 1000
    plaintext = seq(48, 0x80)
    stretched = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations).derive(password)
    wrap_key = hkdf(stretched, pepper, b"reportportal/staff-key/password/hkdf-sha256/v1")
    ad = b"\x01" + lp("reportportal/staff-key/password") + lp(struct.pack(">I", iterations)) + lp(salt)
    wrapped = b"\x01" + struct.pack(">I", iterations) + salt + nonce + gcm(wrap_key, nonce, plaintext, ad)
    block([("name", "wrap-password-1"), ("format", "wrap-password"), ("password", password),
           ("pepper", pepper), ("iterations", iterations), ("salt", salt), ("nonce", nonce),
           ("plaintext", plaintext), ("pbkdf2", stretched), ("wrap-key", wrap_key), ("ad", ad),
           ("wrapped", wrapped)])


def blind_index(name, domain, value):
    key = seq(32, 0x11)
    message = lp("reportportal/blind-index/v1") + lp(domain) + lp(value)
    block([("name", name), ("format", "blind-index"), ("index-key", key), ("domain", domain),
           ("value", value.encode("utf-8")), ("message", message),
           ("index", hmac.new(key, message, hashlib.sha256).digest())])


ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def check_character(data):
    h = 0
    for c in data:
        h ^= ALPHABET.index(c)
        h <<= 1  # multiply by alpha = x in GF(2)[x]/(x^5 + x^2 + 1)
        if h & 0b100000:
            h ^= 0b100101
    return ALPHABET[h]


# Hand-written expectations, not computed: (input, output).
NAMES = [
    ("  Zoë   O'Brien-Smith ", "zoe obriensmith"),
    ("Zoe O\u2019Brien\u2013Smith", "zoe obriensmith"),
    ("Zoe O\u02bcBrien-Smith", "zoe obriensmith"),
    ("Łukasz Żółć", "lukasz zolc"),
    ("Straße", "strasse"),
    ("Æthelred", "aethelred"),
    ("Nguyễn Văn An", "nguyen van an"),
    ("\ufb01ona\u00a0mac\tdonald\n", "fiona mac donald"),
    ("Smith & Sons (2)", "smith sons 2"),
    ("ИВАН  ПЕТРОВ", "иван петров"),
]
IDENTIFIERS = [
    (" wm-1234 ", "WM1234"),
    ("w.m.1234", "WM1234"),
    ("WM\u20131234", "WM1234"),
    ("\uff37\uff2d\uff11\uff12\uff13\uff14", "WM1234"),
    ("group_chat/42", "GROUP_CHAT/42"),
]


def normalisations():
    for fmt, pairs in (("normalise-name", NAMES), ("normalise-identifier", IDENTIFIERS)):
        for i, (given, expected) in enumerate(pairs, 1):
            block([("name", f"{fmt}-{i}"), ("format", fmt), ("input", given.encode("utf-8")),
                   ("output", expected.encode("utf-8"))])


def receipt(name, data, typed):
    canonical = data + check_character(data)
    pepper = seq(32, 0x70)
    ascii_bytes = canonical.encode("ascii")
    display = "-".join(canonical[i:i + 4] for i in range(0, 24, 4)) + "-" + canonical[24]
    block([("name", name), ("format", "receipt"), ("canonical", canonical), ("display", display),
           ("typed", typed(canonical).encode("utf-8")),
           ("lookup-pepper", pepper), ("lookup-hash", hmac.new(pepper, ascii_bytes, hashlib.sha256).digest()),
           ("reporter-key", hkdf(ascii_bytes, b"reportportal/receipt/reporter-key/salt/v1",
                                 b"reportportal/receipt/reporter-key/v1"))])


if __name__ == "__main__":
    seal_bytes()
    seal_text("seal-text-256", "Zoë", True)
    seal_text("seal-text-512", "Officer " + "x" * 292, False)
    text_padding()
    files()
    wrap_symmetric()
    wrap_ecies()
    wrap_password()
    blind_index("blind-index-name", "subject-name", "zoe obriensmith")
    blind_index("blind-index-staff-number", "subject-staff-number", "demo constabulary:WM1234")
    normalisations()
    receipt("receipt-1", "7Q3MZ8K4TRWX2B6N9DHJ5PCV", lambda c: " ".join(c[i:i + 4] for i in range(0, 25, 4)).lower())
    receipt("receipt-2", "0" * 23 + "1", lambda c: "\u2013".join(c[i:i + 4] for i in range(0, 25, 4)).replace("0", "O").replace("1", "l"))
