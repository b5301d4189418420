#!/usr/bin/env python3
"""Known-answer vectors for the service-layer section of docs/crypto-format.md.

Computed from the document's description alone with pyca/cryptography (Debian: python3-cryptography),
never with the C# code, so that ServiceFormatDocumentTests passing shows the code and the document agree.
It borrows the primitive helpers of the crypto core's script (tests/ReportPortal.Crypto.Tests/Vectors).
CI does not run this script. To regenerate, from the repository root:

    python3 tests/ReportPortal.Tests/Trust/Vectors/make_service_vectors.py

and paste the printed blocks into the last section of docs/crypto-format.md. Every input is fixed, so the
output is the same on every run. Normalised blind-index values are written by hand from the
normalisation rules of section 9 (this script does not reimplement them).
"""

import base64
import hashlib
import hmac
import os
import struct
import sys
import uuid

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

# The crypto core's vector script supplies lp, HKDF, AES-GCM, the text buckets and the block printer.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "ReportPortal.Crypto.Tests", "Vectors"))
import make_vectors as core  # noqa: E402

CASE_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
SUBJECT_ID = "22222222-3333-4444-8555-666666666666"
MESSAGE_ID = "33333333-4444-4555-8666-777777777777"
STAFF_ID = "44444444-5555-4666-8777-888888888888"
SESSION_ID = "55555555-6666-4777-8888-999999999999"
CASE_KEY = bytes(range(0x00, 0x20))
IDENTITY_KEY = bytes(range(0x20, 0x40))
RETENTION_KEY = bytes(range(0xC0, 0xE0))
RETENTION_KEY_ID = "r2026a"

# The receipt of section 10's receipt-1 vector, and its reporter key.
RECEIPT = "7Q3MZ8K4TRWX2B6N9DHJ5PCVK"

STAFF_PRIVATE = bytes.fromhex("5a0b1c2d3e4f50617283940a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e")
ESCROW_PRIVATE = bytes.fromhex("0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9eafb")
EPHEMERAL_PRIVATE = bytes.fromhex("1fd2d5609eafb7a761617706a3754fb9189eac4a38ca3b6f7b337e4eef077d79")

lp, hkdf, block, padded_size = core.lp, core.hkdf, core.block, core.padded_size


def hmac256(key, message):
    return hmac.new(key, message, hashlib.sha256).digest()


def gcm_blob(key, header, nonce, plaintext, ad):
    return header + nonce + core.gcm(key, nonce, plaintext, ad)


def guid(text):
    return uuid.UUID(text).bytes  # RFC 9562 (big-endian) order


def sub_key(root, label):
    return hkdf(root, b"", ("reportportal/subkey/v1/" + label).encode("ascii"))


def wrap_symmetric(key, nonce, plaintext, caller_data):
    ad = b"\x01" + lp("reportportal/grant/symmetric") + lp(caller_data)
    return gcm_blob(key, b"\x01", nonce, plaintext, ad)


def private_key(scalar):
    return ec.derive_private_key(int.from_bytes(scalar, "big"), ec.SECP256R1())


def point(key):
    return key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def spki(key):
    return key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def wrap_ecies(recipient, ephemeral, nonce, plaintext, caller_data):
    shared = ephemeral.exchange(ec.ECDH(), recipient.public_key())
    eph_point, rec_point = point(ephemeral), point(recipient)
    key = hkdf(shared, eph_point + rec_point, b"reportportal/grant/ecies/hkdf-sha256/v1")
    ad = b"\x01" + lp("reportportal/grant/ecies") + lp(caller_data)
    return gcm_blob(key, b"\x01" + eph_point, nonce, plaintext, ad)


def context_ad(purpose, case_id, record_id, field):
    return core.context_ad(1, purpose, case_id, record_id, field)


def seal_text(key, nonce, text_bytes, case_id, record_id, field):
    plaintext = struct.pack(">I", len(text_bytes)) + text_bytes
    plaintext += bytes(padded_size(len(text_bytes)) - len(plaintext))
    ad = context_ad("reportportal/seal/text", case_id, record_id, field)
    return gcm_blob(key, b"\x01", nonce, plaintext, ad)


def seal_bytes(key, nonce, data, case_id, record_id, field):
    ad = context_ad("reportportal/seal/bytes", case_id, record_id, field)
    return gcm_blob(key, b"\x01", nonce, data, ad)


def json_string(value):
    """A JSON string as the document says records write it: only quote, backslash and C0 escaped."""
    if value is None:
        return "null"
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def json_record(members):
    return "{" + ",".join(json_string(name) + ":" + json_string(value) for name, value in members) + "}"


def grant_context(case_id, purpose, holder, key_id):
    return lp("reportportal/grant/v2") + lp(guid(case_id)) + lp(purpose) + lp(holder) + lp(key_id)


def retention_caller_data(context, retention_id):
    return lp("reportportal/grant/retention/v1") + lp(context) + lp(retention_id)


def key_id(spki_der):
    return hashlib.sha256(spki_der).digest()[:16].hex()


def reporter_key(canonical):
    return hkdf(canonical.encode("ascii"), b"reportportal/receipt/reporter-key/salt/v1",
                b"reportportal/receipt/reporter-key/v1")


def grant_vectors():
    staff = private_key(STAFF_PRIVATE)
    staff_id = key_id(spki(staff))
    block([("name", "service-grant-context-reporter"), ("format", "service-grant-context"),
           ("case-id", CASE_ID), ("purpose", "case-content"), ("holder", "reporter"), ("holder-key-id", "receipt"),
           ("context", grant_context(CASE_ID, "case-content", "reporter", "receipt"))])
    block([("name", "service-grant-context-staff"), ("format", "service-grant-context"),
           ("case-id", CASE_ID), ("purpose", "case-content"), ("holder", "staff"), ("holder-key-id", staff_id),
           ("context", grant_context(CASE_ID, "case-content", "staff", staff_id))])

    context = grant_context(CASE_ID, "case-content", "reporter", "receipt")
    rkey = reporter_key(RECEIPT)
    inner_nonce = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaab")
    outer_nonce = bytes.fromhex("b0b1b2b3b4b5b6b7b8b9babb")
    inner = wrap_symmetric(rkey, inner_nonce, CASE_KEY, context)
    outer_data = retention_caller_data(context, RETENTION_KEY_ID)
    block([("name", "service-grant-reporter"), ("format", "service-grant-reporter"),
           ("case-id", CASE_ID), ("receipt", RECEIPT), ("reporter-key", rkey), ("case-key", CASE_KEY),
           ("context", context), ("inner-nonce", inner_nonce), ("inner", inner),
           ("retention-key-id", RETENTION_KEY_ID), ("retention-key", RETENTION_KEY),
           ("retention-caller-data", outer_data), ("outer-nonce", outer_nonce),
           ("wrapped-key", wrap_symmetric(RETENTION_KEY, outer_nonce, inner, outer_data))])

    for name, holder_private, purpose, holder, wrapped_key in (
            ("service-grant-staff", STAFF_PRIVATE, "case-content", "staff", CASE_KEY),
            ("service-grant-escrow-identity", ESCROW_PRIVATE, "reporter-identity", "escrow", IDENTITY_KEY)):
        recipient = private_key(holder_private)
        ephemeral = private_key(EPHEMERAL_PRIVATE)
        holder_id = key_id(spki(recipient))
        context = grant_context(CASE_ID, purpose, holder, holder_id)
        inner_nonce = bytes.fromhex("c0c1c2c3c4c5c6c7c8c9cacb")
        outer_nonce = bytes.fromhex("d0d1d2d3d4d5d6d7d8d9dadb")
        inner = wrap_ecies(recipient, ephemeral, inner_nonce, wrapped_key, context)
        outer_data = retention_caller_data(context, RETENTION_KEY_ID)
        block([("name", name), ("format", "service-grant-public-key"),
               ("case-id", CASE_ID), ("purpose", purpose), ("holder", holder),
               ("holder-private", holder_private), ("holder-public", point(recipient)), ("holder-spki", spki(recipient)),
               ("holder-key-id", holder_id), ("key", wrapped_key), ("context", context),
               ("ephemeral-private", EPHEMERAL_PRIVATE), ("inner-nonce", inner_nonce), ("inner", inner),
               ("retention-key-id", RETENTION_KEY_ID), ("retention-key", RETENTION_KEY),
               ("retention-caller-data", outer_data), ("outer-nonce", outer_nonce),
               ("wrapped-key", wrap_symmetric(RETENTION_KEY, outer_nonce, inner, outer_data))])


def sub_key_vectors():
    reporter_root = bytes(range(0x60, 0x80))
    index_root = bytes(range(0x80, 0xA0))
    session_secret = bytes(range(0xA0, 0xC0))
    for name, root, label in (("service-subkey-receipt-lookup", reporter_root, "receipt-lookup"),
                              ("service-subkey-submission-token", reporter_root, "submission-token"),
                              ("service-subkey-chat-group", index_root, "blind-index/chat-group"),
                              ("service-subkey-reporter-session", session_secret, "reporter-session-wrap")):
        block([("name", name), ("format", "service-subkey"), ("root", root), ("label", label),
               ("info", ("reportportal/subkey/v1/" + label).encode("ascii")), ("subkey", sub_key(root, label))])

    lookup_key = sub_key(reporter_root, "receipt-lookup")
    block([("name", "service-receipt-lookup"), ("format", "service-receipt-lookup"),
           ("receipt-root", reporter_root), ("receipt", RECEIPT), ("lookup-key", lookup_key),
           ("lookup", hmac256(lookup_key, RECEIPT.encode("ascii")))])
    token_key = sub_key(reporter_root, "submission-token")
    block([("name", "service-submission-token"), ("format", "service-submission-token"),
           ("receipt-root", reporter_root), ("receipt", RECEIPT), ("token-key", token_key),
           ("token-hash", hmac256(token_key, RECEIPT.encode("ascii")))])


def blind_index_vectors():
    index_root = bytes(range(0x80, 0xA0))
    cases = (
        ("service-index-chat-group", "chat-group",
         [("platform", " WhatsApp".encode()), ("group-name", "Shift  Banter \u2013 Team 3!".encode())],
         "WHATSAPP:shift banter team 3"),
        ("service-index-subject-name", "subject-name",
         [("subject-name", "Zo\u00eb O'Brien-Smith ".encode())],
         "zoe obriensmith"),
        ("service-index-staff-number", "staff-number",
         [("force-code", "demo".encode()), ("staff-number", "wm-01234".encode())],
         "DEMO:1234"),
    )
    for name, domain, inputs, value in cases:
        key = sub_key(index_root, "blind-index/" + domain)
        message = lp("reportportal/blind-index/v1") + lp(domain) + lp(value)
        block([("name", name), ("format", "service-blind-index"), ("index-root", index_root), ("domain", domain),
               *inputs, ("value", value.encode("utf-8")), ("index-key", key), ("index", hmac256(key, message))])


def staff_pin_vector():
    pin_key = bytes(range(0xE0, 0x100))
    staff_spki = spki(private_key(STAFF_PRIVATE))
    message = b"reportportal/staff-key-pin/v1" + b"\x00" + guid(STAFF_ID) + staff_spki
    block([("name", "service-staff-key-pin"), ("format", "service-staff-key-pin"), ("pin-key", pin_key),
           ("staff-id", STAFF_ID), ("spki", staff_spki), ("message", message), ("pin", hmac256(pin_key, message))])


def record_vectors():
    nonce = bytes.fromhex("e0e1e2e3e4e5e6e7e8e9eaeb")
    records = (
        ("service-record-account", "ReportAccount", CASE_KEY, CASE_ID, "case.account", [
            ("Platform", "WhatsApp"),
            ("GroupName", "Shift banter \u2013 Team 3"),
            ("WhenItHappened", None),
            ("WhatHappened", "He posted a \"joke\" <again> & Zo\u00eb saw it.\nThen\tmore\\less \U0001F600"),
            ("OthersWhoSaw", None),
            ("AnyoneAtRisk", "no"),
            ("DisappearingMessages", "yes"),
            ("StillInGroup", None),
            ("HasScreenshots", "yes"),
            ("PoliceSystemsMaterial", "not-sure"),
            ("ReportedElsewhere", None),
            ("ReportedElsewhereWhere", None),
            ("ColleagueHandles", None)]),
        ("service-record-subject", "SubjectDetails", CASE_KEY, SUBJECT_ID, "subject.details", [
            ("Name", "Zo\u00eb O'Brien-Smith"),
            ("StaffNumber", "WM 1234"),
            ("Force", "demo"),
            ("Unit", None),
            ("Rank", "PC")]),
        ("service-record-identity", "ReporterIdentity", IDENTITY_KEY, CASE_ID, "case.reporter-identity", [
            ("Name", "Si\u00f4n Evans"),
            ("StaffNumber", "WM 5678"),
            ("Contact", None)]),
    )
    for name, record_type, key, record_id, field, members in records:
        json = json_record(members).encode("utf-8")
        block([("name", name), ("format", "service-sealed-record"), ("record-type", record_type),
               ("key", key), ("nonce", nonce), ("case-id", CASE_ID), ("record-id", record_id), ("field", field),
               ("json", json), ("padded-size", padded_size(len(json))),
               ("sealed", seal_text(key, nonce, json, CASE_ID, record_id, field))])

    body = "Thank you. Di\u00f2lch \u2013 we will be in touch.".encode("utf-8")
    block([("name", "service-message"), ("format", "service-sealed-message"), ("key", CASE_KEY), ("nonce", nonce),
           ("case-id", CASE_ID), ("record-id", MESSAGE_ID), ("field", "message.body"), ("text", body),
           ("sealed", seal_text(CASE_KEY, nonce, body, CASE_ID, MESSAGE_ID, "message.body"))])


def key_ring_vectors():
    ring_key = bytes(range(0x10, 0x30))
    empty = "00000000-0000-0000-0000-000000000000"
    master = ("<masterKey p4:requiresEncryption=\"true\" xmlns:p4=\"http://schemas.asp.net/2015/03/dataProtection\">"
              "<!-- Warning: the key below is in an unencrypted form. -->"
              "<value>" + base64.b64encode(bytes(range(64))).decode("ascii") + "</value></masterKey>").encode("utf-8")
    descriptor_field = "data-protection.key-ring.descriptor/staff"
    descriptor = seal_bytes(ring_key, bytes.fromhex("f0f1f2f3f4f5f6f7f8f9fafb"), master, empty, empty, descriptor_field)
    block([("name", "service-key-ring-descriptor"), ("format", "service-key-ring-descriptor"), ("ring", "staff"),
           ("ring-key", ring_key), ("nonce", bytes.fromhex("f0f1f2f3f4f5f6f7f8f9fafb")), ("field", descriptor_field),
           ("xml", master), ("sealed", descriptor), ("value", base64.b64encode(descriptor).decode("ascii"))])

    element = ("<key id=\"8a4f1c2e-3b5d-4e6f-9a0b-1c2d3e4f5a6b\" version=\"1\">"
               "<creationDate>2026-01-05T09:00:00Z</creationDate>"
               "<activationDate>2026-01-05T09:00:00Z</activationDate>"
               "<expirationDate>2026-04-05T09:00:00Z</expirationDate>"
               "<descriptor deserializerType=\"Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption."
               "ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection\">"
               "<descriptor><encryption algorithm=\"AES_256_CBC\" /><validation algorithm=\"HMACSHA256\" />"
               "<encryptedSecret decryptorType=\"ReportPortal.Core.DataProtection.KeyRingDecryptor, ReportPortal.Core\" "
               "xmlns=\"http://schemas.asp.net/2015/03/dataProtection\">"
               "<sealedKey xmlns=\"\"><value>" + base64.b64encode(descriptor).decode("ascii") + "</value></sealedKey>"
               "</encryptedSecret></descriptor></descriptor></key>").encode("utf-8")
    element_field = "data-protection.key-ring.element/staff"
    nonce = bytes.fromhex("0a0b0c0d0e0f101112131415")
    sealed = seal_bytes(ring_key, nonce, element, empty, empty, element_field)
    block([("name", "service-key-ring-element"), ("format", "service-key-ring-element"), ("ring", "staff"),
           ("ring-key", ring_key), ("nonce", nonce), ("field", element_field), ("xml", element),
           ("sealed-sha256", hashlib.sha256(sealed).hexdigest()), ("stored", base64.b64encode(sealed).decode("ascii"))])


def reporter_session_vector():
    secret = bytes(range(0xA0, 0xC0))
    wrap_key = sub_key(secret, "reporter-session-wrap")
    ad = ("reportportal/reporter-session/v3/" + uuid.UUID(SESSION_ID).hex).encode("ascii")
    nonce = bytes.fromhex("1a1b1c1d1e1f202122232425")
    # The receipt lookup of the service-receipt-lookup vector.
    lookup = hmac256(sub_key(bytes(range(0x60, 0x80)), "receipt-lookup"), RECEIPT.encode("ascii"))
    access = guid(CASE_ID) + CASE_KEY + lookup
    block([("name", "service-reporter-session"), ("format", "service-reporter-session"), ("secret", secret),
           ("cookie", base64.b64encode(secret).decode("ascii")), ("secret-hash", hashlib.sha256(secret).digest()),
           ("session-id", SESSION_ID), ("case-id", CASE_ID), ("wrap-key", wrap_key), ("caller-data", ad),
           ("case-key", CASE_KEY), ("receipt-lookup", lookup), ("nonce", nonce),
           ("sealed-access", wrap_symmetric(wrap_key, nonce, access, ad))])


def totp_secret_vector():
    pepper = bytes(range(0x60, 0x80))
    key = sub_key(pepper, "totp-secret")
    ad = ("reportportal/totp-secret/v1/" + uuid.UUID(STAFF_ID).hex).encode("ascii")
    secret = b"12345678901234567890"
    nonce = bytes.fromhex("2a2b2c2d2e2f303132333435")
    block([("name", "service-totp-secret"), ("format", "service-totp-secret"), ("pepper", pepper),
           ("staff-id", STAFF_ID), ("key", key), ("caller-data", ad), ("secret", secret), ("nonce", nonce),
           ("sealed", wrap_symmetric(key, nonce, secret, ad))])


if __name__ == "__main__":
    grant_vectors()
    sub_key_vectors()
    blind_index_vectors()
    staff_pin_vector()
    record_vectors()
    key_ring_vectors()
    reporter_session_vector()
    totp_secret_vector()
