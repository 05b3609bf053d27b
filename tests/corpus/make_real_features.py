"""Rebuild the owner workbooks of tests/corpus/real/: what real files carry.

Every file holds a client sheet "Clients" (row 1: Client, Region, Revenue, Orders; then the 20
clients of CLIENTS below) plus ONE feature (or a few related ones) that real workbooks carry and
that xlclientrank must either leave byte for byte or refuse to touch. Each builder below names the
public specification (or the public writer) its XML shape is taken from. The expected outcome of
each file is in tests/corpus/real/expected.py; tests/ooxml/test_corpus_real.py checks it.

Files (the .xlsx/.xlsm are committed; the tests never run this script):

* a_protected_structure_sha512.xlsx  - workbook structure protection, SHA-512 hash as Excel 2013+
  writes it (workbookAlgorithmName/HashValue/SaltValue/SpinCount, lockStructure="1").
* a_protected_structure_legacy.xlsx  - the same with the legacy 16-bit workbookPassword hash.
* b_signed_document.xlsx             - a package digital signature (_xmlsignatures/origin.sigs,
  sig1.xml, the origin and signature relationships, content types), XML-DSig + Office object +
  XAdES signed properties as Office writes them; the digests are real (SHA-256 over the parts) and
  the SignatureValue is a real RSA signature by a throw-away self-signed certificate.
* b_signed_vba.xlsm                  - a VBA project (Excel's, from xlwings' quickstart.xlsm) with
  xl/vbaProjectSignature.bin related from xl/_rels/vbaProject.bin.rels (XlsxWriter's
  add_signed_vba_project) holding a DigSigBlob with a PKCS#7 SignedData.
* c_sheet_rid_empty.xlsm             - two <sheet> entries with r:id="" between real sheets.
* d_far_formatted_cells.xlsx         - a second sheet with formatted empty cells on row 1,048,576.
* e_x14_conditional_formats.xlsx     - Excel 2010 data bars (x14:conditionalFormattings in the
  sheet extLst, negative fill and axis colours, gradient off) made by XlsxWriter.
* f_table_slicer.xlsx                - a slicer on a table column: xl/slicers/, xl/slicerCaches/
  (x15:tableSlicerCache), x15:slicerCaches in the workbook extLst, x14:slicerList in the sheet
  extLst, the slicer's drawing frame and its #N/A defined name.
* g_timeline.xlsx                    - a pivot table on a date column with a timeline:
  xl/timelines/, xl/timelineCaches/, x15:timelineCacheRefs / x15:timelineRefs, x14 pivotCacheId.
* h_threaded_comments.xlsx           - threaded comments with a reply (xl/threadedComments/,
  xl/persons/person.xml) plus the legacy note + VML Excel writes alongside.
* i_power_query.xlsx                 - a Power Query: xl/connections.xml (Mashup OLE DB provider),
  customXml item holding the DataMashup ([MS-QDEFF] binary, base64), a query table
  (xl/queryTables/) behind a table of tableType="queryTable".
* j_activex.xlsm                     - an ActiveX command button: xl/activeX/activeX1.xml +
  activeX1.bin (compound file), <controls> in the sheet, its VML shape and preview image.
* k_chartsheet_first.xlsx            - a chartsheet first in the tab order (XlsxWriter).
* l_x_prefixed.xlsx                  - the main namespace bound to prefix x: in workbook, sheets,
  styles and shared strings, as the Open XML SDK writes; "R..." relationship ids, absolute targets.
* m_part_names.xlsx                  - unusual part names: xl/Workbook.xml (reached through
  _rels/.rels), xl/worksheets/Sheet1.xml, xl/Styles.xml, xl/SharedStrings.xml, ...
* n_strict.xlsx                      - Strict Open XML: the purl.oclc.org namespaces and
  relationship types throughout, conformance="strict".

How to run (from the repository root): ``python tests/corpus/make_real_features.py`` (all) or
``... --only f_table_slicer`` (repeatable). Needs XlsxWriter, lxml, cryptography, ms_cfb (with
ms-ovba, a test dependency) and xlwings (for its Excel-made vbaProject.bin). Signatures use a new
key each run, so b_* files differ between runs; everything else is deterministic.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import io
import os
import re
import struct
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "real"

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_X15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
NS_XR10 = "http://schemas.microsoft.com/office/spreadsheetml/2016/revision10"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MS_REL = "http://schemas.microsoft.com/office"
CT_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CREATED = dt.datetime(2024, 3, 1, 9, 0, 0)

HEADER = ["Client", "Region", "Revenue", "Orders"]
CLIENTS = [
    ("Acme Bakery", "North", 48250.0, 31), ("Birch & Co", "South", 12800.5, 9),
    ("Cobalt Dental", "East", 73400.0, 22), ("Delta Florists", "West", 5300.0, 14),
    ("Elm Street Cafe", "North", 19875.25, 40), ("Fjord Travel", "East", 98100.0, 6),
    ("Granite Builders", "South", 66000.0, 12), ("Harbor Books", "West", 8450.0, 27),
    ("Iris Studio", "North", 3150.0, 4), ("Juniper Legal", "East", 55500.0, 8),
    ("Kestrel Garage", "South", 27300.0, 19), ("Lumen Opticians", "West", 14900.0, 11),
    ("Maple Nursery", "North", 9600.0, 23), ("Nimbus IT", "East", 121000.0, 15),
    ("Orchard Foods", "South", 38700.0, 33), ("Pebble Pets", "West", 6200.0, 17),
    ("Quarry Gym", "North", 17450.0, 21), ("Rook Accounting", "East", 44800.0, 10),
    ("Saffron Kitchen", "South", 23150.0, 29), ("Tidewater Marine", "West", 81300.0, 7),
]


# --------------------------------------------------------------------------------------------
# package helpers
# --------------------------------------------------------------------------------------------

def read_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    """A zip with [Content_Types].xml first, fixed dates (so a rebuild gives the same bytes)."""
    names = ["[Content_Types].xml"] + [n for n in parts if n != "[Content_Types].xml"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            info = zipfile.ZipInfo(n, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[n])
    return path


def text(parts, name):
    return parts[name].decode("utf-8")


def put(parts, name, value: str | bytes):
    parts[name] = value.encode("utf-8") if isinstance(value, str) else value


def edit(parts, name, old, new, count=1):
    s = text(parts, name)
    assert old in s, (name, old)
    put(parts, name, s.replace(old, new, count))


def insert_before(parts, name, marker, snippet):
    edit(parts, name, marker, snippet + marker)


def insert_after(parts, name, marker, snippet):
    edit(parts, name, marker, marker + snippet)


def add_override(parts, part_name, content_type):
    insert_before(parts, "[Content_Types].xml", "</Types>",
                  f'<Override PartName="{part_name}" ContentType="{content_type}"/>')


def add_default(parts, ext, content_type):
    s = text(parts, "[Content_Types].xml")
    if f'Extension="{ext}"' not in s:
        insert_before(parts, "[Content_Types].xml", "<Override",
                      f'<Default Extension="{ext}" ContentType="{content_type}"/>')


def rels_name(part):
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def add_rel(parts, part, rel_type, target, rid=None, external=False) -> str:
    """Adds a relationship to ``part``'s .rels (created if missing); returns its id."""
    name = rels_name(part)
    if name not in parts:
        put(parts, name, XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}"></Relationships>')
    s = text(parts, name)
    if rid is None:
        used = [int(m) for m in re.findall(r'Id="rId(\d+)"', s)]
        rid = f"rId{max(used, default=0) + 1}"
    mode = ' TargetMode="External"' if external else ""
    s = s.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{rel_type}" Target="{target}"{mode}/>'
                  "</Relationships>")
    put(parts, name, s)
    return rid


def add_sheet_ext(parts, sheet, ext_xml):
    """Appends an <ext> to the worksheet's extLst (creating the extLst, the last child)."""
    s = text(parts, sheet)
    if "<extLst>" in s:
        s = s.replace("</extLst>", ext_xml + "</extLst>")
    else:
        s = s.replace("</worksheet>", f"<extLst>{ext_xml}</extLst></worksheet>")
    put(parts, sheet, s)


def add_workbook_ext(parts, ext_xml, wb="xl/workbook.xml"):
    s = text(parts, wb)
    if "<extLst>" in s:
        s = s.replace("</extLst>", ext_xml + "</extLst>")
    else:
        s = s.replace("</workbook>", f"<extLst>{ext_xml}</extLst></workbook>")
    put(parts, wb, s)


def add_defined_name(parts, xml):
    s = text(parts, "xl/workbook.xml")
    if "<definedNames>" in s:
        s = s.replace("</definedNames>", xml + "</definedNames>")
    else:
        s = s.replace("</sheets>", f"</sheets><definedNames>{xml}</definedNames>")
    put(parts, "xl/workbook.xml", s)


def tiny_png(width=16, height=16) -> bytes:
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += bytes((0xF2, 0x8C, 0x28)) if abs(x - y) <= 1 else bytes((0x1F, 0x4E, 0x79))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


def excel_vba_project() -> bytes:
    """The vbaProject.bin Excel saved in xlwings' quickstart.xlsm (a real Excel VBA project)."""
    import xlwings

    with zipfile.ZipFile(Path(os.path.dirname(xlwings.__file__)) / "quickstart.xlsm") as z:
        return z.read("xl/vbaProject.bin")


def xlsxwriter_book(build, *, clients=True, table=None, macro=False, vba=None, signature=None) -> dict:
    """A workbook made by XlsxWriter (which writes Excel's own part names and XML): the Clients
    sheet first (as a plain range, or as a table named ``table``), then ``build(wb, clients_ws)``."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.set_properties({"author": "Dana Owner", "created": CREATED, "company": "Owner Ltd"})
    if macro:
        wb.set_vba_name("ThisWorkbook")
        if signature is not None:
            wb.add_signed_vba_project(io.BytesIO(vba), io.BytesIO(signature), True, True)
        else:
            wb.add_vba_project(io.BytesIO(vba), True)
    build_first = getattr(build, "before_clients", None)
    if build_first:
        build_first(wb)
    ws = None
    if clients:
        ws = wb.add_worksheet("Clients")
        if macro:
            ws.set_vba_name("Sheet1")
        money = wb.add_format({"num_format": "#,##0.00"})
        bold = wb.add_format({"bold": True})
        ws.set_column(0, 0, 20)
        ws.set_column(2, 2, 12, money)
        if table:
            ws.add_table(0, 0, len(CLIENTS), 3, {"name": table, "style": "Table Style Medium 2",
                                                 "columns": [{"header": h} for h in HEADER],
                                                 "data": [list(c) for c in CLIENTS]})
        else:
            ws.write_row(0, 0, HEADER, bold)
            for i, c in enumerate(CLIENTS, 1):
                ws.write_row(i, 0, c)
    build(wb, ws)
    wb.close()
    return read_parts(buf.getvalue())


def nothing(wb, ws):
    return None


# --------------------------------------------------------------------------------------------
# a. workbook structure protection
# --------------------------------------------------------------------------------------------
# Shape: ECMA-376 Part 1 (5th ed.) §18.2.29 workbookProtection (attributes lockStructure,
# workbookAlgorithmName, workbookHashValue, workbookSaltValue, workbookSpinCount, and the legacy
# workbookPassword) in CT_Workbook order after workbookPr (§18.2.27). The SHA-512 hash is the
# iterated one defined in ISO/IEC 29500-1 §18.2.29 (and [MS-XLSB] 2.2.10 Strong Password Verifier
# Algorithm): H0 = SHA-512(salt +
# UTF-16LE(password)), Hn = SHA-512(Hn-1 + n as 32-bit little-endian), 100,000 rounds, as Excel
# 2013+ writes it. The legacy hash is the 16-bit one of ECMA-376 Part 4 §14.7.1 (workbookPassword),
# computed as openpyxl/utils/protection.py hash_password does.

PASSWORD = "owner2024"


def sha512_protection_hash(password: str, salt: bytes, spin: int = 100_000) -> bytes:
    h = hashlib.sha512(salt + password.encode("utf-16-le")).digest()
    for i in range(spin):
        h = hashlib.sha512(h + struct.pack("<I", i)).digest()
    return h


def legacy_protection_hash(password: str) -> str:
    h = 0
    for ch in reversed(password):
        h = ((h >> 14) & 0x01) | ((h << 1) & 0x7FFF)
        h ^= ord(ch)
    h = ((h >> 14) & 0x01) | ((h << 1) & 0x7FFF)
    h ^= len(password)
    h ^= 0xCE4B
    return f"{h:04X}"


def build_a_sha512(path):
    parts = xlsxwriter_book(nothing)
    salt = hashlib.md5(b"xlclientrank corpus salt").digest()  # 16 bytes, fixed for a stable file
    value = base64.b64encode(sha512_protection_hash(PASSWORD, salt)).decode()
    insert_before(parts, "xl/workbook.xml", "<bookViews>",
                  f'<workbookProtection workbookAlgorithmName="SHA-512" workbookHashValue="{value}" '
                  f'workbookSaltValue="{base64.b64encode(salt).decode()}" workbookSpinCount="100000" '
                  'lockStructure="1"/>')
    return write_parts(path, parts)


def build_a_legacy(path):
    parts = xlsxwriter_book(nothing)
    insert_before(parts, "xl/workbook.xml", "<bookViews>",
                  f'<workbookProtection workbookPassword="{legacy_protection_hash(PASSWORD)}" lockStructure="1"/>')
    return write_parts(path, parts)


# --------------------------------------------------------------------------------------------
# b. digital signatures
# --------------------------------------------------------------------------------------------
# Package signature: ECMA-376 Part 2 (OPC) §12 Digital Signatures (origin part
# /_xmlsignatures/origin.sigs, content types application/vnd.openxmlformats-package.
# digital-signature-origin and ...digital-signature-xmlsignature+xml, relationship types
# .../package/2006/relationships/digital-signature/origin and .../signature, the Manifest of
# part references "?ContentType=", the RelationshipTransform with RelationshipReference SourceId,
# mdssi:SignatureTime), [MS-OFFCRYPTO] 2.5.2 (the Office object idOfficeObject /
# idOfficeV1Details with SignatureInfoV1 in http://schemas.microsoft.com/office/2006/digsig) and
# XAdES (idSignedProperties, http://uri.etsi.org/01903/v1.3.2#) as Office writes them; the same
# Ids and order as Apache POI's OOXMLSignatureFacet / Office2010SignatureFacet / XAdESSignatureFacet
# (poi-ooxml org/apache/poi/poifs/crypt/dsig/facets/) and ONLYOFFICE core
# (DesktopEditor/xmlsec: GeneratePackageObject / GenerateOfficeObject).

DSIG = "http://www.w3.org/2000/09/xmldsig#"
MDSSI = "http://schemas.openxmlformats.org/package/2006/digital-signature"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
REL_ORIGIN = NS_PKG_REL + "/digital-signature/origin"
REL_SIGNATURE = NS_PKG_REL + "/digital-signature/signature"
CT_ORIGIN = "application/vnd.openxmlformats-package.digital-signature-origin"
CT_SIGNATURE = "application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml"


def _key_and_cert(common_name="Dana Owner"):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(0x1F2E3D4C5B6A).not_valid_before(CREATED)
            .not_valid_after(CREATED + dt.timedelta(days=3650))
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), True)
            .sign(key, hashes.SHA256()))
    return key, cert


def _content_types(parts):
    from lxml import etree

    root = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {e.get("Extension").lower(): e.get("ContentType") for e in root if e.tag.endswith("Default")}
    overrides = {e.get("PartName").lstrip("/"): e.get("ContentType") for e in root if e.tag.endswith("Override")}
    return lambda n: overrides.get(n) or defaults.get(n.rpartition(".")[2].lower())


def _relationship_transform_digest(rels: bytes, source_ids=None) -> str:
    """The digest of a .rels part after the OPC RelationshipTransform (ECMA-376 Part 2 §12.2.4.24):
    the chosen relationships, sorted by Id, TargetMode made explicit, then C14N."""
    from lxml import etree

    root = etree.fromstring(rels)
    out = etree.Element(f"{{{NS_PKG_REL}}}Relationships", nsmap={None: NS_PKG_REL})
    rels_ = sorted(root, key=lambda r: r.get("Id"))
    for r in rels_:
        if source_ids is not None and r.get("Id") not in source_ids:
            continue
        e = etree.SubElement(out, f"{{{NS_PKG_REL}}}Relationship")
        for a in ("Id", "Target", "TargetMode", "Type"):
            if a == "TargetMode":
                e.set(a, r.get(a, "Internal"))
            else:
                e.set(a, r.get(a))
    c14n = etree.tostring(out, method="c14n")
    return base64.b64encode(hashlib.sha256(c14n).digest()).decode()


def sign_package(parts: dict[str, bytes]) -> None:
    """Adds an Office-shaped package signature to ``parts`` (in place)."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from lxml import etree

    key, cert = _key_and_cert()
    ctype = _content_types(parts)
    when = "2024-03-01T09:00:00Z"
    refs = []
    for name in parts:
        if name == "[Content_Types].xml" or name.startswith(("_xmlsignatures/", "docProps/")):
            continue
        if name.endswith(".rels"):
            if name == "_rels/.rels":
                ids = [m for m in re.findall(r'Id="(rId\d+)"[^>]*officeDocument"', text(parts, name))]
                ids = ids or ["rId1"]
            else:
                ids = None
            subset = "" if ids is None else "".join(
                f'<mdssi:RelationshipReference xmlns:mdssi="{MDSSI}" SourceId="{i}"/>' for i in ids)
            digest = _relationship_transform_digest(parts[name], ids)
            refs.append(f'<Reference URI="/{name}?ContentType={ctype(name)}"><Transforms>'
                        f'<Transform Algorithm="http://schemas.openxmlformats.org/package/2006/RelationshipTransform">'
                        f'{subset}</Transform><Transform Algorithm="{C14N}"/></Transforms>'
                        f'<DigestMethod Algorithm="{SHA256}"/><DigestValue>{digest}</DigestValue></Reference>')
        else:
            digest = base64.b64encode(hashlib.sha256(parts[name]).digest()).decode()
            refs.append(f'<Reference URI="/{name}?ContentType={ctype(name)}"><DigestMethod Algorithm="{SHA256}"/>'
                        f'<DigestValue>{digest}</DigestValue></Reference>')
    cert_der = cert.public_bytes(serialization.Encoding.DER)
    cert_digest = base64.b64encode(hashlib.sha256(cert_der).digest()).decode()
    package_object = (
        f'<Object Id="idPackageObject"><Manifest>{"".join(refs)}</Manifest>'
        '<SignatureProperties><SignatureProperty Id="idSignatureTime" Target="#idPackageSignature">'
        f'<mdssi:SignatureTime xmlns:mdssi="{MDSSI}"><mdssi:Format>YYYY-MM-DDThh:mm:ssTZD</mdssi:Format>'
        f'<mdssi:Value>{when}</mdssi:Value></mdssi:SignatureTime></SignatureProperty></SignatureProperties>'
        '</Object>')
    office_object = (
        '<Object Id="idOfficeObject"><SignatureProperties>'
        '<SignatureProperty Id="idOfficeV1Details" Target="#idPackageSignature">'
        '<SignatureInfoV1 xmlns="http://schemas.microsoft.com/office/2006/digsig">'
        '<SetupID></SetupID><SignatureText></SignatureText><SignatureImage/>'
        '<SignatureComments>Approved figures for Q1</SignatureComments><WindowsVersion>10.0</WindowsVersion>'
        '<OfficeVersion>16.0</OfficeVersion><ApplicationVersion>16.0</ApplicationVersion><Monitors>1</Monitors>'
        '<HorizontalResolution>1920</HorizontalResolution><VerticalResolution>1080</VerticalResolution>'
        '<ColorDepth>32</ColorDepth><SignatureProviderId>{00000000-0000-0000-0000-000000000000}'
        '</SignatureProviderId><SignatureProviderUrl></SignatureProviderUrl>'
        '<SignatureProviderDetails>9</SignatureProviderDetails><SignatureType>1</SignatureType>'
        '</SignatureInfoV1></SignatureProperty></SignatureProperties></Object>')
    xades_object = (
        f'<Object><xd:QualifyingProperties xmlns:xd="{XADES}" Target="#idPackageSignature">'
        f'<xd:SignedProperties Id="idSignedProperties"><xd:SignedSignatureProperties>'
        f'<xd:SigningTime>{when}</xd:SigningTime><xd:SigningCertificate><xd:Cert><xd:CertDigest>'
        f'<DigestMethod Algorithm="{SHA256}"/><DigestValue>{cert_digest}</DigestValue></xd:CertDigest>'
        f'<xd:IssuerSerial><X509IssuerName>CN=Dana Owner</X509IssuerName>'
        f'<X509SerialNumber>{cert.serial_number}</X509SerialNumber></xd:IssuerSerial></xd:Cert>'
        '</xd:SigningCertificate><xd:SignaturePolicyIdentifier><xd:SignaturePolicyImplied/>'
        '</xd:SignaturePolicyIdentifier></xd:SignedSignatureProperties><xd:SignedDataObjectProperties>'
        '<xd:CommitmentTypeIndication><xd:CommitmentTypeId><xd:Identifier>'
        'http://uri.etsi.org/01903/v1.2.2#ProofOfApproval</xd:Identifier><xd:Description>Approved this document'
        '</xd:Description></xd:CommitmentTypeId><xd:AllSignedDataObjects/></xd:CommitmentTypeIndication>'
        '</xd:SignedDataObjectProperties></xd:SignedProperties></xd:QualifyingProperties></Object>')
    signed_info = (
        f'<SignedInfo><CanonicalizationMethod Algorithm="{C14N}"/>'
        '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
        '<Reference Type="http://www.w3.org/2000/09/xmldsig#Object" URI="#idPackageObject">'
        f'<DigestMethod Algorithm="{SHA256}"/><DigestValue>@P@</DigestValue></Reference>'
        '<Reference Type="http://www.w3.org/2000/09/xmldsig#Object" URI="#idOfficeObject">'
        f'<DigestMethod Algorithm="{SHA256}"/><DigestValue>@O@</DigestValue></Reference>'
        '<Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#idSignedProperties">'
        f'<Transforms><Transform Algorithm="{C14N}"/></Transforms>'
        f'<DigestMethod Algorithm="{SHA256}"/><DigestValue>@X@</DigestValue></Reference></SignedInfo>')
    doc = (f'<Signature xmlns="{DSIG}" Id="idPackageSignature">{signed_info}<SignatureValue>@S@</SignatureValue>'
           f'<KeyInfo><X509Data><X509Certificate>{base64.b64encode(cert_der).decode()}</X509Certificate>'
           f'</X509Data></KeyInfo>{package_object}{office_object}{xades_object}</Signature>')
    root = etree.fromstring(doc)

    def digest_of(xpath):
        el = root.xpath(xpath, namespaces={"d": DSIG, "xd": XADES})[0]
        return base64.b64encode(hashlib.sha256(etree.tostring(el, method="c14n")).digest()).decode()
    doc = (doc.replace("@P@", digest_of("//d:Object[@Id='idPackageObject']"))
              .replace("@O@", digest_of("//d:Object[@Id='idOfficeObject']"))
              .replace("@X@", digest_of("//xd:SignedProperties")))
    root = etree.fromstring(doc)
    si = etree.tostring(root.find(f"{{{DSIG}}}SignedInfo"), method="c14n")
    value = base64.b64encode(key.sign(si, padding.PKCS1v15(), hashes.SHA256())).decode()
    doc = doc.replace("@S@", value)
    put(parts, "_xmlsignatures/origin.sigs", b"")  # Office writes the origin part empty
    put(parts, "_xmlsignatures/sig1.xml", '<?xml version="1.0" encoding="UTF-8"?>\r\n' + doc)
    put(parts, "_xmlsignatures/_rels/origin.sigs.rels",
        XML_DECL + f'<Relationships xmlns="{NS_PKG_REL}"><Relationship Id="rId1" Type="{REL_SIGNATURE}" '
        'Target="sig1.xml"/></Relationships>')
    s = text(parts, "_rels/.rels").replace(
        "</Relationships>", f'<Relationship Id="rId4" Type="{REL_ORIGIN}" Target="_xmlsignatures/origin.sigs"/>'
        "</Relationships>")
    assert 'Id="rId4"' not in text(parts, "_rels/.rels")
    put(parts, "_rels/.rels", s)
    add_default(parts, "sigs", CT_ORIGIN)
    add_override(parts, "/_xmlsignatures/sig1.xml", CT_SIGNATURE)


def build_b_signed(path):
    parts = xlsxwriter_book(nothing)
    sign_package(parts)
    return write_parts(path, parts)


# Signed VBA project: [MS-OVBA] 2.3.2 (the project's digital signature), [MS-OSHARED] 2.3.2.1
# DigSigBlob / 2.3.2.2 DigSigInfoSerialized (cbSignature, signatureOffset, cbSigningCertStore,
# certStoreOffset, cbProjectName, projectNameOffset, fTimestamp, cbTimestampUrl,
# timestampUrlOffset, then the buffers) with a PKCS#7 SignedData and a VBASigSerializedCertStore;
# the part, its relationship (http://schemas.microsoft.com/office/2006/relationships/
# vbaProjectSignature from xl/_rels/vbaProject.bin.rels) and content type
# (application/vnd.ms-office.vbaProjectSignature) as XlsxWriter's add_signed_vba_project writes
# them (XlsxWriter docs, "Working with VBA Macros": signed VBA projects).

def vba_signature_blob(vba: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    key, cert = _key_and_cert("Dana Owner (VBA)")
    signed = (pkcs7.PKCS7SignatureBuilder().set_data(hashlib.md5(vba).digest())
              .add_signer(cert, key, hashes.SHA256())
              .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary]))
    der = cert.public_bytes(serialization.Encoding.DER)
    # VBASigSerializedCertStore: version 0, "CERT", one SerializedCertificateEntry, end marker
    store = (struct.pack("<II", 0, 0x54524543) + struct.pack("<III", 0x20, 1, len(der)) + der
             + struct.pack("<IIQ", 0, 0, 0))
    name = "VBAProject\x00".encode("utf-16-le")
    stamp = "\x00".encode("utf-16-le")
    head = 8 + 9 * 4  # DigSigBlob cb + serializedPointer, then the nine DWORDs
    off_sig = head
    off_store = off_sig + len(signed)
    off_name = off_store + len(store)
    off_stamp = off_name + len(name)
    info = struct.pack("<9I", len(signed), off_sig, len(store), off_store, len(name), off_name, 0, len(stamp),
                       off_stamp) + signed + store + name + stamp
    body = struct.pack("<II", len(info), 8) + info
    return body + b"\x00" * (-len(body) % 4)


def build_b_signed_vba(path):
    vba = excel_vba_project()
    parts = xlsxwriter_book(nothing, macro=True, vba=vba, signature=vba_signature_blob(vba))
    return write_parts(path, parts)


# --------------------------------------------------------------------------------------------
# c. <sheet r:id="">
# --------------------------------------------------------------------------------------------
# ECMA-376 Part 1 §18.2.19 sheet (r:id, "the relationship Id of the sheet part") with an empty
# value: openpyxl's reader meets it in real files and skips the entry with "File contains an
# invalid specification for <name>. This will be removed" (openpyxl/reader/workbook.py,
# WorkbookParser.find_sheets); python-calamine fails on it with "Relationship not found".

def build_c_rid_empty(path):
    def build(wb, ws):
        notes = wb.add_worksheet("Notes")
        notes.set_vba_name("Sheet2")
        notes.write("A1", "Prices go up in April")
    parts = xlsxwriter_book(build, macro=True, vba=excel_vba_project())
    s = text(parts, "xl/workbook.xml")
    s = re.sub(r'(<sheet name="Clients" sheetId="1" r:id="rId1"/>)',
               r'\1<sheet name="Old Macros" sheetId="3" r:id=""/>', s)
    s = s.replace("</sheets>", '<sheet name="Dialog1" sheetId="4" r:id=""/></sheets>')
    put(parts, "xl/workbook.xml", s)
    return write_parts(path, parts)


# --------------------------------------------------------------------------------------------
# d. formatted empty cells down to row 1,048,576
# --------------------------------------------------------------------------------------------
# ECMA-376 Part 1 §18.3.1.35 dimension (ref A1:C1048576), §18.3.1.73 row (s, customFormat) and
# §18.3.1.4 c with only a style index (s): empty, formatted cells on the sheet's last row, as
# Gnumeric and LibreOffice leave them for a format applied down a whole column.

def build_d_far_formats(path):
    def build(wb, ws):
        lists = wb.add_worksheet("Lists")
        fill = wb.add_format({"bg_color": "#FFF2CC", "border": 1})
        lists.write_row(0, 0, ["Region", "Manager", "Target"], fill)
        for r, (reg, man, tgt) in enumerate([("North", "Ann", 90000), ("South", "Bo", 80000),
                                            ("East", "Cy", 150000), ("West", "Di", 70000)], 1):
            lists.write_row(r, 0, [reg, man, tgt], fill)
        for r in range(5, 12):
            for c in range(3):
                lists.write_blank(r, c, None, fill)
        lists.set_row(1048575, None, fill)
        for c in range(3):
            lists.write_blank(1048575, c, None, fill)
    return write_parts(path, xlsxwriter_book(build))


# --------------------------------------------------------------------------------------------
# e. x14 conditional formats
# --------------------------------------------------------------------------------------------
# [MS-XLSX] 2.2.4.12 (worksheet ext {78C0D931-6437-407D-A8EE-F0AAD7539E65} =
# x14:conditionalFormattings), 2.6.28 CT_DataBar (x14: minLength, maxLength, gradient, negative
# fill/border colours, axisColor, axisPosition), the cfRule ext {B025F937-C7B1-47D3-B67F-
# A62EFF666E3E} with x14:id linking the two halves; written by XlsxWriter's data_bar_2010 options
# (XlsxWriter docs, "Working with Conditional Formatting": data_bar_2010, bar_negative_color, ...).

def build_e_x14(path):
    def build(wb, ws):
        ws.conditional_format("C2:C21", {"type": "data_bar", "data_bar_2010": True, "bar_color": "#63C384",
                                         "bar_solid": True, "bar_border_color": "#2E7D32"})
        trend = wb.add_worksheet("Trend")
        trend.write_row(0, 0, ["Client", "Change vs last year"])
        for i, c in enumerate(CLIENTS, 1):
            trend.write_row(i, 0, [c[0], round((i * 37 % 23 - 11) * 1234.5, 2)])
        trend.conditional_format("B2:B21", {"type": "data_bar", "data_bar_2010": True, "bar_color": "#5B9BD5",
                                            "bar_negative_color": "#FF0000",
                                            "bar_negative_border_color": "#C00000",
                                            "bar_axis_position": "middle", "bar_axis_color": "#000000",
                                            "bar_no_border": False, "bar_border_color": "#1F4E79",
                                            "bar_direction": "left"})
        trend.conditional_format("B2:B21", {"type": "icon_set", "icon_style": "3_arrows"})
    return write_parts(path, xlsxwriter_book(build))


# --------------------------------------------------------------------------------------------
# f. a table slicer
# --------------------------------------------------------------------------------------------
# [MS-XLSX] 2.3.2 Slicers part (xl/slicers/, content type application/vnd.ms-excel.slicer+xml,
# relationship http://schemas.microsoft.com/office/2007/relationships/slicer from the sheet),
# 2.3.3 Slicer Cache part (xl/slicerCaches/, application/vnd.ms-excel.slicerCache+xml,
# .../2007/relationships/slicerCache from the workbook), 2.4.31 slicers / 2.4.9 slicerList
# (sheet ext {3A4CF648-6AED-40f4-86FF-DC5316D8AED3} for table slicers), 2.2.4.11 workbook ext
# {46BE6895-7355-4a93-B00E-2C351335B9C9} x15:slicerCaches, x15:tableSlicerCache (slicer cache ext
# {2F2917AC-EB37-4324-AD4E-5DD8C200BD13}), the #N/A defined name "Slicer_<column>", and the
# drawing frame (mc:AlternateContent Requires="sle15", graphicData
# http://schemas.microsoft.com/office/drawing/2010/slicer) with Excel's fallback text box.

def _anchor(col1, row1, col2, row2, inner):
    return (f'<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>{col1}</xdr:col><xdr:colOff>0</xdr:colOff>'
            f'<xdr:row>{row1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>{col2}</xdr:col>'
            f'<xdr:colOff>0</xdr:colOff><xdr:row>{row2}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>'
            f'{inner}<xdr:clientData/></xdr:twoCellAnchor>')


def _frame(shape_id, name, uri, element):
    return (f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{shape_id}" name="{name}"/>'
            '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
            f'</xdr:xfrm><a:graphic><a:graphicData uri="{uri}">{element}</a:graphicData></a:graphic>'
            '</xdr:graphicFrame>')


def _fallback_box(message):
    return ('<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="0" name=""/><xdr:cNvSpPr>'
            '<a:spLocks noTextEdit="1"/></xdr:cNvSpPr></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="6096000" y="190500"/>'
            '<a:ext cx="1828800" cy="2524125"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            '<a:solidFill><a:prstClr val="white"/></a:solidFill><a:ln w="1"><a:solidFill><a:prstClr val="green"/>'
            '</a:solidFill></a:ln></xdr:spPr><xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip"/>'
            f'<a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="1100"/><a:t>{message}</a:t></a:r></a:p></xdr:txBody>'
            '</xdr:sp>')


def _drawing(body):
    return (XML_DECL + f'<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}">{body}</xdr:wsDr>')


def _add_drawing(parts, sheet, xml, number, before):
    name = f"xl/drawings/drawing{number}.xml"
    put(parts, name, xml)
    add_override(parts, f"/{name}", "application/vnd.openxmlformats-officedocument.drawing+xml")
    rid = add_rel(parts, sheet, NS_R + "/drawing", f"../drawings/drawing{number}.xml")
    insert_before(parts, sheet, before, f'<drawing r:id="{rid}"/>')
    return name


def build_f_slicer(path):
    parts = xlsxwriter_book(nothing, table="ClientTable")
    sheet = "xl/worksheets/sheet1.xml"
    put(parts, "xl/slicers/slicer1.xml", XML_DECL +
        f'<slicers xmlns="{NS_X14}" xmlns:mc="{NS_MC}" mc:Ignorable="x xr10" xmlns:x="{NS_MAIN}" '
        f'xmlns:xr10="{NS_XR10}"><slicer name="Region" xr10:uid="{{7C3A1E52-0B5D-4D7A-9C21-3F0E2B6A4D11}}" '
        'cache="Slicer_Region" caption="Region" rowHeight="241300"/></slicers>')
    put(parts, "xl/slicerCaches/slicerCache1.xml", XML_DECL +
        f'<slicerCacheDefinition xmlns="{NS_X14}" xmlns:mc="{NS_MC}" mc:Ignorable="x xr10" xmlns:x="{NS_MAIN}" '
        f'xmlns:xr10="{NS_XR10}" name="Slicer_Region" xr10:uid="{{0A4B7C9E-5D21-4E3F-8A6B-2C1D0E9F8A7B}}" '
        'sourceName="Region"><extLst><x:ext uri="{2F2917AC-EB37-4324-AD4E-5DD8C200BD13}" '
        f'xmlns:x15="{NS_X15}"><x15:tableSlicerCache tableId="1" column="2"/></x:ext></extLst>'
        '</slicerCacheDefinition>')
    add_override(parts, "/xl/slicers/slicer1.xml", "application/vnd.ms-excel.slicer+xml")
    add_override(parts, "/xl/slicerCaches/slicerCache1.xml", "application/vnd.ms-excel.slicerCache+xml")
    slicer_rid = add_rel(parts, sheet, MS_REL + "/2007/relationships/slicer", "../slicers/slicer1.xml")
    cache_rid = add_rel(parts, "xl/workbook.xml", MS_REL + "/2007/relationships/slicerCache",
                        "slicerCaches/slicerCache1.xml")
    frame = _frame(2, "Region", "http://schemas.microsoft.com/office/drawing/2010/slicer",
                   '<sle:slicer xmlns:sle="http://schemas.microsoft.com/office/drawing/2010/slicer" name="Region"/>')
    body = (f'<mc:AlternateContent xmlns:mc="{NS_MC}"><mc:Choice xmlns:sle15="http://schemas.microsoft.com/'
            'office/drawing/2012/slicer" Requires="sle15">' + _anchor(5, 1, 8, 14, frame) + '</mc:Choice>'
            '<mc:Fallback>' + _anchor(5, 1, 8, 14, _fallback_box(
                "This shape represents a table slicer. Table slicers are supported in Excel or later versions. "
                "If the shape was modified in an earlier version of Excel, or if the workbook was saved in "
                "Excel 2007 or earlier, the slicer can't be used.")) + '</mc:Fallback></mc:AlternateContent>')
    _add_drawing(parts, sheet, _drawing(body), 1, "<tableParts")
    add_sheet_ext(parts, sheet, f'<ext uri="{{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}}" xmlns:x15="{NS_X15}">'
                  f'<x14:slicerList xmlns:x14="{NS_X14}"><x14:slicer r:id="{slicer_rid}"/></x14:slicerList></ext>')
    add_defined_name(parts, '<definedName name="Slicer_Region">#N/A</definedName>')
    add_workbook_ext(parts, f'<ext uri="{{46BE6895-7355-4a93-B00E-2C351335B9C9}}" xmlns:x15="{NS_X15}">'
                     f'<x15:slicerCaches xmlns:x14="{NS_X14}"><x14:slicerCache r:id="{cache_rid}"/>'
                     '</x15:slicerCaches></ext>')
    return write_parts(path, parts)


# --------------------------------------------------------------------------------------------
# g. a timeline (on a pivot table)
# --------------------------------------------------------------------------------------------
# [MS-XLSX] 2.3.5 Timelines part and 2.3.5.1 Timeline Cache, 2.4.63 timelines, 2.4.53
# timelineCacheRefs, 2.6.108/2.6.109 CT_TimelineCacheRefs/Ref (xl/timelines/,
# application/vnd.ms-excel.timeline+xml,
# http://schemas.microsoft.com/office/2011/relationships/timeline from the sheet) and Timeline Cache
# part (xl/timelineCaches/, application/vnd.ms-excel.timelineCache+xml, .../2011/relationships/
# timelineCache from the workbook); 2.2.4.11 workbook ext {D0CA8CA8-9F24-4464-BF8E-62219DCF47F9}
# x15:timelineCacheRefs; 2.2.4.12 sheet ext {7E03D99C-DC04-49d9-9315-930204A7B6E9}
# x15:timelineRefs; x15:timelineCacheDefinition with pivotTables/state/bounds bound through
# x14:pivotCacheDefinition/@pivotCacheId (pivot cache ext {725AE2AE-9491-48be-B2B4-4EB974FC3084});
# the "NativeTimeline_<field>" #N/A name and the tsle:timeslicer drawing frame
# (http://schemas.microsoft.com/office/drawing/2012/timeslicer). The pivot parts follow ECMA-376
# Part 1 §18.10 (pivotCacheDefinition, pivotCacheRecords, pivotTableDefinition).

SALES = [(dt.date(2023, 1, 5) + dt.timedelta(days=23 * i), CLIENTS[i % 20][0], round(800 + (i * 977) % 5200, 2))
         for i in range(30)]


def _excel_date(d):
    return (d - dt.date(1899, 12, 30)).days


def build_g_timeline(path):
    def build(wb, ws):
        sales = wb.add_worksheet("Sales")
        datef = wb.add_format({"num_format": 14})
        sales.write_row(0, 0, ["Date", "Client", "Amount"])
        for r, (d, c, a) in enumerate(SALES, 1):
            sales.write_number(r, 0, _excel_date(d), datef)
            sales.write_row(r, 1, [c, a])
        pivot = wb.add_worksheet("Pivot")
        pivot.write("A3", "Sum of Amount")
        pivot.write_number("A4", sum(a for _, _, a in SALES))
    parts = xlsxwriter_book(build)
    n = len(SALES)
    clients = sorted({c for _, c, _ in SALES})
    iso = lambda d: d.isoformat() + "T00:00:00"  # noqa: E731
    amounts = [a for _, _, a in SALES]
    cache = (XML_DECL + f'<pivotCacheDefinition xmlns="{NS_MAIN}" xmlns:r="{NS_R}" r:id="rId1" '
             'refreshedBy="Dana Owner" '
             f'refreshedDate="45352.375" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" '
             f'recordCount="{n}"><cacheSource type="worksheet"><worksheetSource ref="A1:C{n + 1}" sheet="Sales"/>'
             '</cacheSource><cacheFields count="3">'
             '<cacheField name="Date" numFmtId="14"><sharedItems containsSemiMixedTypes="0" containsNonDate="0" '
             f'containsDate="1" containsString="0" minDate="{iso(SALES[0][0])}" maxDate="{iso(SALES[-1][0])}"/>'
             '</cacheField>'
             f'<cacheField name="Client" numFmtId="0"><sharedItems count="{len(clients)}">'
             + "".join(f'<s v="{c.replace("&", "&amp;")}"/>' for c in clients) + '</sharedItems></cacheField>'
             '<cacheField name="Amount" numFmtId="0"><sharedItems containsSemiMixedTypes="0" containsString="0" '
             f'containsNumber="1" minValue="{min(amounts)}" maxValue="{max(amounts)}"/></cacheField>'
             '</cacheFields><extLst><ext uri="{725AE2AE-9491-48be-B2B4-4EB974FC3084}" '
             f'xmlns:x14="{NS_X14}"><x14:pivotCacheDefinition pivotCacheId="1"/></ext></extLst>'
             '</pivotCacheDefinition>')
    records = (XML_DECL + f'<pivotCacheRecords xmlns="{NS_MAIN}" xmlns:r="{NS_R}" count="{n}">'
               + "".join(f'<r><d v="{iso(d)}"/><x v="{clients.index(c)}"/><n v="{a}"/></r>' for d, c, a in SALES)
               + '</pivotCacheRecords>')
    table = (XML_DECL + f'<pivotTableDefinition xmlns="{NS_MAIN}" name="SalesPivot" cacheId="1" '
             'applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" '
             'applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Values" updatedVersion="6" '
             'minRefreshableVersion="3" useAutoFormatting="1" itemPrintTitles="1" createdVersion="6" indent="0" '
             'outline="1" outlineData="1" multipleFieldFilters="0">'
             '<location ref="A3:A4" firstHeaderRow="1" firstDataRow="1" firstDataCol="0"/>'
             '<pivotFields count="3"><pivotField numFmtId="14" showAll="0"/><pivotField showAll="0"/>'
             '<pivotField dataField="1" showAll="0"/></pivotFields>'
             '<rowItems count="1"><i/></rowItems><colItems count="1"><i/></colItems>'
             '<dataFields count="1"><dataField name="Sum of Amount" fld="2" baseField="0" baseItem="0"/></dataFields>'
             '<pivotTableStyleInfo name="PivotStyleLight16" showRowHeaders="1" showColHeaders="1" '
             'showRowStripes="0" showColStripes="0" showLastColumn="1"/></pivotTableDefinition>')
    put(parts, "xl/pivotCache/pivotCacheDefinition1.xml", cache)
    put(parts, "xl/pivotCache/pivotCacheRecords1.xml", records)
    put(parts, "xl/pivotTables/pivotTable1.xml", table)
    add_rel(parts, "xl/pivotCache/pivotCacheDefinition1.xml", NS_R + "/pivotCacheRecords",
            "pivotCacheRecords1.xml", rid="rId1")
    add_rel(parts, "xl/pivotTables/pivotTable1.xml", NS_R + "/pivotCacheDefinition",
            "../pivotCache/pivotCacheDefinition1.xml", rid="rId1")
    sheet = "xl/worksheets/sheet3.xml"
    add_rel(parts, sheet, NS_R + "/pivotTable", "../pivotTables/pivotTable1.xml")
    cache_rid = add_rel(parts, "xl/workbook.xml", NS_R + "/pivotCacheDefinition",
                        "pivotCache/pivotCacheDefinition1.xml")
    for name, kind in (("/xl/pivotCache/pivotCacheDefinition1.xml", "pivotCacheDefinition+xml"),
                       ("/xl/pivotCache/pivotCacheRecords1.xml", "pivotCacheRecords+xml"),
                       ("/xl/pivotTables/pivotTable1.xml", "pivotTable+xml")):
        add_override(parts, name, CT_SML + kind)
    insert_after(parts, "xl/workbook.xml", '<calcPr calcId="124519" fullCalcOnLoad="1"/>',
                 f'<pivotCaches><pivotCache cacheId="1" r:id="{cache_rid}"/></pivotCaches>')
    # the timeline and its cache
    put(parts, "xl/timelines/timeline1.xml", XML_DECL +
        f'<timelines xmlns="{NS_X15}" xmlns:mc="{NS_MC}" mc:Ignorable="x xr10" xmlns:x="{NS_MAIN}" '
        f'xmlns:xr10="{NS_XR10}"><timeline name="Date" xr10:uid="{{5E2D9B1A-3C4F-4A6B-8D7E-9F0A1B2C3D4E}}" '
        'cache="NativeTimeline_Date" caption="Date" level="2" selectionLevel="2" '
        'scrollPosition="2023-01-01T00:00:00"/></timelines>')
    put(parts, "xl/timelineCaches/timelineCache1.xml", XML_DECL +
        f'<timelineCacheDefinition xmlns="{NS_X15}" xmlns:mc="{NS_MC}" mc:Ignorable="x xr10" xmlns:x="{NS_MAIN}" '
        f'xmlns:xr10="{NS_XR10}" name="NativeTimeline_Date" xr10:uid="{{8B1C2D3E-4F5A-4B6C-9D7E-0F1A2B3C4D5E}}" '
        'sourceName="Date"><pivotTables><pivotTable tabId="3" name="SalesPivot"/></pivotTables>'
        '<state minimalRefreshVersion="6" lastRefreshVersion="6" pivotCacheId="1" filterType="unknown">'
        '<bounds startDate="2023-01-01T00:00:00" endDate="2025-01-01T00:00:00"/></state>'
        '</timelineCacheDefinition>')
    add_override(parts, "/xl/timelines/timeline1.xml", "application/vnd.ms-excel.timeline+xml")
    add_override(parts, "/xl/timelineCaches/timelineCache1.xml", "application/vnd.ms-excel.timelineCache+xml")
    tl_rid = add_rel(parts, sheet, MS_REL + "/2011/relationships/timeline", "../timelines/timeline1.xml")
    tc_rid = add_rel(parts, "xl/workbook.xml", MS_REL + "/2011/relationships/timelineCache",
                     "timelineCaches/timelineCache1.xml")
    frame = _frame(2, "Date", "http://schemas.microsoft.com/office/drawing/2012/timeslicer",
                   '<tsle:timeslicer xmlns:tsle="http://schemas.microsoft.com/office/drawing/2012/timeslicer" '
                   'name="Date"/>')
    body = (f'<mc:AlternateContent xmlns:mc="{NS_MC}"><mc:Choice xmlns:tsle="http://schemas.microsoft.com/office/'
            'drawing/2012/timeslicer" Requires="tsle">' + _anchor(3, 1, 10, 8, frame) + '</mc:Choice><mc:Fallback>'
            + _anchor(3, 1, 10, 8, _fallback_box("Timeline: Works in Excel 2013 or higher. Do not move or resize."))
            + '</mc:Fallback></mc:AlternateContent>')
    _add_drawing(parts, sheet, _drawing(body), 1, "</worksheet>")
    add_sheet_ext(parts, sheet, f'<ext uri="{{7E03D99C-DC04-49d9-9315-930204A7B6E9}}" xmlns:x15="{NS_X15}">'
                  f'<x15:timelineRefs><x15:timelineRef r:id="{tl_rid}"/></x15:timelineRefs></ext>')
    add_defined_name(parts, '<definedName name="NativeTimeline_Date">#N/A</definedName>')
    add_workbook_ext(parts, f'<ext uri="{{D0CA8CA8-9F24-4464-BF8E-62219DCF47F9}}" xmlns:x15="{NS_X15}">'
                     f'<x15:timelineCacheRefs><x15:timelineCacheRef r:id="{tc_rid}"/></x15:timelineCacheRefs></ext>')
    return write_parts(path, parts)


# --------------------------------------------------------------------------------------------
# h. threaded comments
# --------------------------------------------------------------------------------------------
# [MS-XLSX] 5.x schema of http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments
# (CT_PersonList, CT_Person, CT_ThreadedComments) and the Open XML SDK sample
# dotnet/Open-XML-SDK samples/ThreadedCommentExample/Program.cs: the Threaded Comments part
# (xl/threadedComments/threadedComment1.xml, content type
# application/vnd.ms-excel.threadedcomments+xml, relationship http://schemas.microsoft.com/office/
# 2017/10/relationships/threadedComment from the sheet) and Person part (xl/persons/person.xml,
# application/vnd.ms-excel.person+xml, .../2017/10/relationships/person from the workbook),
# namespace http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments (ThreadedComments,
# threadedComment ref/dT/personId/id/parentId, personList/person displayName/id/userId/providerId);
# the legacy note Excel writes alongside (author "tc={id}", the "[Threaded comment] Your version of
# Excel allows you to read this threaded comment; ..." text) made by XlsxWriter's write_comment.

PERSON = "{6B0C6C1A-9E2B-4E5B-8F23-1D2A3B4C5D6E}"
TC1 = "{0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9}"
TC2 = "{1B2C3D4E-5F60-4172-8384-A5B6C7D8E9FA}"


def build_h_threaded(path):
    legacy = ("[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; however, any "
              "edits to it will get removed if the file is opened in a newer version of Excel. Learn more: "
              "https://go.microsoft.com/fwlink/?linkid=870924\n\nComment:\n    Is this the 2023 figure?\n"
              "Reply:\n    Yes, audited in January.")

    def build(wb, ws):
        ws.write_comment("C7", legacy, {"author": f"tc={TC1}", "x_scale": 2, "y_scale": 3})
    parts = xlsxwriter_book(build)
    ns = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
    put(parts, "xl/threadedComments/threadedComment1.xml", XML_DECL +
        f'<ThreadedComments xmlns="{ns}" xmlns:x="{NS_MAIN}">'
        f'<threadedComment ref="C7" dT="2024-02-27T10:15:32.41" personId="{PERSON}" id="{TC1}">'
        '<text>Is this the 2023 figure?</text></threadedComment>'
        f'<threadedComment ref="C7" dT="2024-02-28T08:02:11.07" personId="{PERSON}" id="{TC2}" parentId="{TC1}">'
        '<text>Yes, audited in January.</text></threadedComment></ThreadedComments>')
    put(parts, "xl/persons/person.xml", XML_DECL +
        f'<personList xmlns="{ns}" xmlns:x="{NS_MAIN}"><person displayName="Dana Owner" id="{PERSON}" '
        'userId="dana@owner.example" providerId="None"/></personList>')
    add_override(parts, "/xl/threadedComments/threadedComment1.xml", "application/vnd.ms-excel.threadedcomments+xml")
    add_override(parts, "/xl/persons/person.xml", "application/vnd.ms-excel.person+xml")
    add_rel(parts, "xl/worksheets/sheet1.xml", MS_REL + "/2017/10/relationships/threadedComment",
            "../threadedComments/threadedComment1.xml")
    add_rel(parts, "xl/workbook.xml", MS_REL + "/2017/10/relationships/person", "persons/person.xml")
    return write_parts(path, parts)


# --------------------------------------------------------------------------------------------
# i. Power Query
# --------------------------------------------------------------------------------------------
# [MS-QDEFF] 2.1 (the DataMashup element, namespace http://schemas.microsoft.com/DataMashup, in a
# custom XML part, base64 of the binary stream) and 2.2 (Version = 0, PackagePartsLength,
# PackageParts = an OPC package with Config/Package.xml and Formulas/Section1.m, PermissionsLength,
# Permissions XML, MetadataLength, Metadata (2.5: Version, MetadataXmlLength, LocalPackageMetadataFile
# XML, MetadataContentLength), PermissionBindingsLength, PermissionBindings); ECMA-376 Part 1
# §18.13 connections (type 5 = OLE DB, dbPr connection "Provider=Microsoft.Mashup.OleDb.1;Data
# Source=$Workbook$;Location=<query>", command "SELECT * FROM [<query>]"), §18.12 queryTable
# (queryTableRefresh/queryTableFields) related from a table of tableType="queryTable" (§18.5.1.2,
# tableColumn/@queryTableFieldId), the ExternalData_1 name, as Excel's "Load to table" writes.

def _mashup() -> str:
    m = ('section Section1;\r\n\r\nshared Regions = let\r\n    Source = Csv.Document(File.Contents('
         '"C:\\Owner\\regions.csv"),[Delimiter=",", Columns=2, Encoding=65001, QuoteStyle=QuoteStyle.None]),\r\n'
         '    Promoted = Table.PromoteHeaders(Source, [PromoteAllScalars=true]),\r\n'
         '    Typed = Table.TransformColumnTypes(Promoted,{{"Region", type text}, {"Manager", type text}})\r\n'
         'in\r\n    Typed;')
    package_xml = ('<?xml version="1.0" encoding="utf-8"?><Package xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
                   'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Version>1.0.0.0</Version>'
                   '<MinVersion>2.21.0</MinVersion><Culture>en-US</Culture><SafeCombine>true</SafeCombine>'
                   '<Items /></Package>')
    ct = ('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="xml" ContentType="text/xml" /><Default Extension="m" '
          'ContentType="application/x-ms-m" /></Types>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", ct), ("Config/Package.xml", package_xml),
                           ("Formulas/Section1.m", m)):
            z.writestr(zipfile.ZipInfo(name, ZIP_DATE), data.encode("utf-8-sig" if name.endswith(".xml") else "utf-8"))
    package = buf.getvalue()
    permissions = ('\ufeff<?xml version="1.0" encoding="utf-8"?><PermissionList xmlns:xsi="http://www.w3.org/2001/'
                   'XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><CanEvaluateFuturePackages>'
                   'false</CanEvaluateFuturePackages><FirewallEnabled>true</FirewallEnabled><WorkbookGroupType '
                   'xsi:nil="true" /></PermissionList>').encode("utf-8")
    meta_xml = ('\ufeff<?xml version="1.0" encoding="utf-8"?><LocalPackageMetadataFile xmlns:xsi="http://www.w3.org/'
                '2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><Items><Item><ItemLocation>'
                '<ItemType>AllFormulas</ItemType><ItemPath /></ItemLocation><StableEntries /></Item><Item>'
                '<ItemLocation><ItemType>Formula</ItemType><ItemPath>Section1/Regions</ItemPath></ItemLocation>'
                '<StableEntries><Entry Type="IsPrivate" Value="l0" /><Entry Type="FillEnabled" Value="l1" />'
                '<Entry Type="FillObjectType" Value="sTable" /><Entry Type="FillToDataModelEnabled" Value="l0" />'
                '<Entry Type="FillTarget" Value="sRegions" /><Entry Type="FillCount" Value="l4" />'
                '<Entry Type="FillColumnNames" Value="s[&quot;Region&quot;,&quot;Manager&quot;]" />'
                '<Entry Type="FillStatus" Value="sComplete" /><Entry Type="ResultType" Value="sTable" />'
                '</StableEntries></Item></Items></LocalPackageMetadataFile>').encode("utf-8")
    metadata = struct.pack("<II", 0, len(meta_xml)) + meta_xml + struct.pack("<I", 0)
    blob = (struct.pack("<I", 0) + struct.pack("<I", len(package)) + package
            + struct.pack("<I", len(permissions)) + permissions
            + struct.pack("<I", len(metadata)) + metadata + struct.pack("<I", 0))
    return base64.b64encode(blob).decode()


def build_i_power_query(path):
    def build(wb, ws):
        reg = wb.add_worksheet("Regions")
        reg.add_table(0, 0, 4, 1, {"name": "Regions", "style": "Table Style Medium 7",
                                   "columns": [{"header": "Region"}, {"header": "Manager"}],
                                   "data": [["North", "Ann"], ["South", "Bo"], ["East", "Cy"], ["West", "Di"]]})
    parts = xlsxwriter_book(build)
    edit(parts, "xl/tables/table1.xml", 'displayName="Regions" ', 'displayName="Regions" tableType="queryTable" ')
    edit(parts, "xl/tables/table1.xml", '<tableColumn id="1" name="Region"/>',
         '<tableColumn id="1" uniqueName="1" name="Region" queryTableFieldId="1"/>')
    edit(parts, "xl/tables/table1.xml", '<tableColumn id="2" name="Manager"/>',
         '<tableColumn id="2" uniqueName="2" name="Manager" queryTableFieldId="2"/>')
    put(parts, "xl/queryTables/queryTable1.xml", XML_DECL +
        f'<queryTable xmlns="{NS_MAIN}" name="ExternalData_1" connectionId="1" autoFormatId="16" '
        'applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" '
        'applyAlignmentFormats="0" applyWidthHeightFormats="0"><queryTableRefresh nextId="3">'
        '<queryTableFields count="2"><queryTableField id="1" name="Region" tableColumnId="1"/>'
        '<queryTableField id="2" name="Manager" tableColumnId="2"/></queryTableFields></queryTableRefresh>'
        '</queryTable>')
    add_rel(parts, "xl/tables/table1.xml", NS_R + "/queryTable", "../queryTables/queryTable1.xml")
    add_override(parts, "/xl/queryTables/queryTable1.xml", CT_SML + "queryTable+xml")
    put(parts, "xl/connections.xml", XML_DECL +
        f'<connections xmlns="{NS_MAIN}" xmlns:mc="{NS_MC}" mc:Ignorable="xr16" '
        'xmlns:xr16="http://schemas.microsoft.com/office/spreadsheetml/2017/revision16">'
        '<connection id="1" xr16:uid="{2A7D4F1B-8C3E-4B5A-9D6F-0E1A2B3C4D5F}" keepAlive="1" name="Query - Regions" '
        'description="Connection to the \'Regions\' query in the workbook." type="5" refreshedVersion="8" '
        'background="1" saveData="1"><dbPr connection="Provider=Microsoft.Mashup.OleDb.1;Data Source=$Workbook$;'
        'Location=Regions;Extended Properties=&quot;&quot;" command="SELECT * FROM [Regions]"/></connection>'
        '</connections>')
    add_rel(parts, "xl/workbook.xml", NS_R + "/connections", "connections.xml")
    add_override(parts, "/xl/connections.xml", CT_SML + "connections+xml")
    item = ('\ufeff<?xml version="1.0" encoding="utf-8"?><DataMashup xmlns="http://schemas.microsoft.com/DataMashup">'
            + _mashup() + '</DataMashup>')
    put(parts, "customXml/item1.xml", item.encode("utf-8"))
    put(parts, "customXml/itemProps1.xml", XML_DECL +
        '<ds:datastoreItem ds:itemID="{9C1D2E3F-4A5B-4C6D-8E7F-0A1B2C3D4E5F}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/>'
        '</ds:datastoreItem>')
    add_rel(parts, "customXml/item1.xml", NS_R + "/customXmlProps", "itemProps1.xml", rid="rId1")
    add_rel(parts, "xl/workbook.xml", NS_R + "/customXml", "../customXml/item1.xml")
    add_override(parts, "/customXml/itemProps1.xml",
                 "application/vnd.openxmlformats-officedocument.customXmlProperties+xml")
    add_defined_name(parts, '<definedName name="ExternalData_1" localSheetId="1" hidden="1">'
                            'Regions!$A$1:$B$5</definedName>')
    return write_parts(path, parts)


# --------------------------------------------------------------------------------------------
# j. ActiveX controls
# --------------------------------------------------------------------------------------------
# [MS-OI29500] / ECMA-376 Part 4: the ActiveX part ax:ocx (namespace http://schemas.microsoft.com/
# office/2006/activeX, ax:classid, ax:persistence="persistStorage" whose r:id points to the binary
# part, §3.6.1.2 ocx, §3.6.2.1 ST_Persistence), content types application/vnd.ms-office.activeX+xml
# and application/vnd.ms-office.activeX, relationships .../officeDocument/2006/relationships/control
# (sheet -> activeX1.xml) and http://schemas.microsoft.com/office/2006/relationships/
# activeXControlBinary; ECMA-376 Part 1 §18.3.1.19-21 controls/control/controlPr inside
# mc:AlternateContent Requires="x14" with the fallback <control>, plus the VML shape (o:spid
# _x0000_s1025, ClientData ObjectType="Pict") and its image; the binary is a compound file ([MS-CFB])
# whose root CLSID is the control's, with a "contents" stream holding [MS-OFORMS] 2.2.1
# CommandButtonControl (caption + size) and TextProps.

COMMAND_BUTTON = "{D7053240-CE69-11CD-A777-00DD01143C57}"


def _command_button_contents(caption="Re-rank") -> bytes:
    cap = caption.encode("latin-1")
    cap_padded = cap + b"\x00" * (-len(cap) % 4)
    prop_mask = (1 << 3) | (1 << 5)  # fCaption, fSize
    data_block = struct.pack("<I", len(cap) | 0x80000000)  # compressed (1 byte per char)
    extra = cap_padded + struct.pack("<ii", 2540, 847)  # HIMETRIC width, height
    body = struct.pack("<I", prop_mask) + data_block + extra
    text_props = bytes([0, 2]) + struct.pack("<H", 4) + struct.pack("<I", 0)
    return bytes([0, 2]) + struct.pack("<H", len(body)) + body + text_props


def _activex_bin() -> bytes:
    import uuid

    from ms_cfb.Models.Directories.root_directory import RootDirectory
    from ms_cfb.Models.Directories.stream_directory import StreamDirectory
    from ms_cfb.ole_file import OleFile

    with tempfile.TemporaryDirectory() as tmp:
        old = os.getcwd()
        os.chdir(tmp)
        try:
            Path("contents.bin").write_bytes(_command_button_contents())
            Path("ocxname.bin").write_bytes("CommandButton1\x00".encode("utf-16-le"))
            root = RootDirectory()
            root.set_clsid(uuid.UUID(COMMAND_BUTTON))
            root.add_directory(StreamDirectory("contents", "contents.bin"))
            root.add_directory(StreamDirectory("\x03OCXNAME", "ocxname.bin"))
            ole = OleFile()
            ole.root_directory = root
            ole.create_file("activeX1.bin")
            return Path("activeX1.bin").read_bytes()
        finally:
            os.chdir(old)


def build_j_activex(path):
    parts = xlsxwriter_book(nothing, macro=True, vba=excel_vba_project())
    sheet = "xl/worksheets/sheet1.xml"
    put(parts, "xl/activeX/activeX1.xml", XML_DECL +
        f'<ax:ocx ax:classid="{COMMAND_BUTTON}" ax:persistence="persistStorage" r:id="rId1" '
        f'xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" xmlns:r="{NS_R}"/>')
    put(parts, "xl/activeX/activeX1.bin", _activex_bin())
    add_rel(parts, "xl/activeX/activeX1.xml", MS_REL + "/2006/relationships/activeXControlBinary",
            "activeX1.bin", rid="rId1")
    add_override(parts, "/xl/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")
    add_override(parts, "/xl/activeX/activeX1.bin", "application/vnd.ms-office.activeX")
    put(parts, "xl/media/image1.png", tiny_png(32, 16))
    add_default(parts, "png", "image/png")
    add_default(parts, "vml", "application/vnd.openxmlformats-officedocument.vmlDrawing")
    put(parts, "xl/drawings/vmlDrawing1.vml",
        '<xml xmlns:v="urn:schemas-microsoft-com:vml"\n xmlns:o="urn:schemas-microsoft-com:office:office"\n'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel">\n <o:shapelayout v:ext="edit">\n'
        '  <o:idmap v:ext="edit" data="1"/>\n </o:shapelayout><v:shapetype id="_x0000_t201" coordsize="21600,21600"'
        ' o:spt="201" path="m,l,21600r21600,l21600,xe">\n  <v:stroke joinstyle="miter"/>\n'
        '  <v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/>\n'
        '  <o:lock v:ext="edit" shapetype="t"/>\n </v:shapetype><v:shape id="CommandButton1" o:spid="_x0000_s1025"'
        ' type="#_x0000_t201" style=\'position:absolute;margin-left:390pt;margin-top:15pt;width:72pt;'
        'height:24pt;z-index:1\' stroked="f">\n  <v:imagedata o:relid="rId1" o:title=""/>\n'
        '  <x:ClientData ObjectType="Pict">\n   <x:SizeWithCells/>\n   <x:Anchor>\n'
        '    6, 0, 1, 0, 7, 30, 2, 12</x:Anchor>\n'
        '   <x:CF>Pict</x:CF>\n   <x:AutoPict/>\n  </x:ClientData>\n </v:shape></xml>')
    add_rel(parts, "xl/drawings/vmlDrawing1.vml", NS_R + "/image", "../media/image1.png", rid="rId1")
    vml_rid = add_rel(parts, sheet, NS_R + "/vmlDrawing", "../drawings/vmlDrawing1.vml")
    ctl_rid = add_rel(parts, sheet, NS_R + "/control", "../activeX/activeX1.xml")
    img_rid = add_rel(parts, sheet, NS_R + "/image", "../media/image1.png")
    controls = (f'<legacyDrawing r:id="{vml_rid}"/><controls><mc:AlternateContent xmlns:mc="{NS_MC}">'
                f'<mc:Choice Requires="x14"><control shapeId="1025" r:id="{ctl_rid}" name="CommandButton1">'
                f'<controlPr defaultSize="0" autoLine="0" r:id="{img_rid}"><anchor moveWithCells="1">'
                '<from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff>'
                '</from><to><xdr:col>7</xdr:col><xdr:colOff>381000</xdr:colOff><xdr:row>2</xdr:row>'
                '<xdr:rowOff>152400</xdr:rowOff></to></anchor></controlPr></control></mc:Choice><mc:Fallback>'
                f'<control shapeId="1025" r:id="{ctl_rid}" name="CommandButton1"/></mc:Fallback>'
                '</mc:AlternateContent></controls>')
    edit(parts, sheet, f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}">',
         f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}" xmlns:xdr="{NS_XDR}" xmlns:x14="{NS_X14}" '
         f'xmlns:mc="{NS_MC}" mc:Ignorable="x14ac" '
         'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">')
    insert_before(parts, sheet, "</worksheet>", controls)
    return write_parts(path, parts)


# --------------------------------------------------------------------------------------------
# k. a chartsheet first in the tab order
# --------------------------------------------------------------------------------------------
# ECMA-376 Part 1 §18.3.1.12 chartsheet, §12.3.2 Chartsheet Part (xl/chartsheets/sheet1.xml,
# relationship .../chartsheet)
# as the first <sheet> of workbook.xml; written by XlsxWriter's add_chartsheet (XlsxWriter docs,
# "The Chartsheet Class").

def build_k_chartsheet(path):
    class Build:
        sheet = None

        def before_clients(self, wb):
            self.sheet = wb.add_chartsheet("Revenue Chart")

        def __call__(self, wb, ws):
            chart = wb.add_chart({"type": "bar"})
            chart.add_series({"name": "Revenue", "categories": f"=Clients!$A$2:$A${len(CLIENTS) + 1}",
                              "values": f"=Clients!$C$2:$C${len(CLIENTS) + 1}"})
            chart.set_title({"name": "Revenue by client"})
            self.sheet.set_chart(chart)
            self.sheet.activate()
    return write_parts(path, xlsxwriter_book(Build()))


# --------------------------------------------------------------------------------------------
# l. x:-prefixed SpreadsheetML (Open XML SDK)
# --------------------------------------------------------------------------------------------
# The Open XML SDK (DocumentFormat.OpenXml) serialises every SpreadsheetML element with the prefix
# x ("When the object is serialized out as xml, its qualified name is x:workbook / x:sheet /
# x:extLst ...": learn.microsoft.com, DocumentFormat.OpenXml.Spreadsheet class pages) and
# System.IO.Packaging names relationships "R" + 16 hex digits with absolute targets; the parts as
# the SDK how-to "Create a spreadsheet document by providing a file name" plus shared strings and
# styles written through SharedStringTablePart / WorkbookStylesPart.

def _xml_cell(ref, value, prefix, strings):
    if isinstance(value, str):
        if value not in strings:
            strings.append(value)
        return f'<{prefix}c r="{ref}" t="s"><{prefix}v>{strings.index(value)}</{prefix}v></{prefix}c>'
    return f'<{prefix}c r="{ref}"><{prefix}v>{value:g}</{prefix}v></{prefix}c>' if isinstance(value, float) else \
        f'<{prefix}c r="{ref}"><{prefix}v>{value}</{prefix}v></{prefix}c>'


def _sheet_rows(prefix, strings):
    rows = []
    for r, values in enumerate([HEADER] + [list(c) for c in CLIENTS], 1):
        cells = "".join(_xml_cell(f"{'ABCD'[i]}{r}", v, prefix, strings) for i, v in enumerate(values))
        rows.append(f'<{prefix}row r="{r}">{cells}</{prefix}row>')
    return "".join(rows)


def build_l_x_prefixed(path):
    decl = '<?xml version="1.0" encoding="utf-8"?>'
    strings: list[str] = []
    rows = _sheet_rows("x:", strings)
    notes_rows = '<x:row r="1"><x:c r="A1" t="s"><x:v>%d</x:v></x:c></x:row>'
    strings.append("Exported by the shop's .NET system")
    notes_rows = notes_rows % (len(strings) - 1)
    ids = {k: "R" + hashlib.sha1(k.encode()).hexdigest()[:16] for k in
           ("wb", "core", "app", "s1", "s2", "st", "ss")}
    parts = {}
    put(parts, "[Content_Types].xml", decl +
        f'<Types xmlns="{NS_CT}"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT_SML}sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT_SML}worksheet+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{CT_SML}worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_SML}sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{CT_SML}styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '</Types>')
    put(parts, "_rels/.rels", decl +
        f'<Relationships xmlns="{NS_PKG_REL}"><Relationship Type="{NS_R}/officeDocument" '
        f'Target="/xl/workbook.xml" Id="{ids["wb"]}"/><Relationship Type="{NS_PKG_REL}/metadata/core-properties" '
        f'Target="/docProps/core.xml" Id="{ids["core"]}"/></Relationships>')
    put(parts, "xl/workbook.xml", decl +
        f'<x:workbook xmlns:r="{NS_R}" xmlns:x="{NS_MAIN}"><x:bookViews><x:workbookView/></x:bookViews>'
        f'<x:sheets><x:sheet name="Clients" sheetId="1" r:id="{ids["s1"]}"/>'
        f'<x:sheet name="Notes" sheetId="2" r:id="{ids["s2"]}"/></x:sheets>'
        '<x:definedNames><x:definedName name="ClientNames">Clients!$A$2:$A$21</x:definedName></x:definedNames>'
        '</x:workbook>')
    put(parts, "xl/_rels/workbook.xml.rels", decl +
        f'<Relationships xmlns="{NS_PKG_REL}">'
        f'<Relationship Type="{NS_R}/worksheet" Target="/xl/worksheets/sheet1.xml" Id="{ids["s1"]}"/>'
        f'<Relationship Type="{NS_R}/worksheet" Target="/xl/worksheets/sheet2.xml" Id="{ids["s2"]}"/>'
        f'<Relationship Type="{NS_R}/sharedStrings" Target="/xl/sharedStrings.xml" Id="{ids["ss"]}"/>'
        f'<Relationship Type="{NS_R}/styles" Target="/xl/styles.xml" Id="{ids["st"]}"/></Relationships>')
    put(parts, "xl/worksheets/sheet1.xml", decl +
        f'<x:worksheet xmlns:r="{NS_R}" xmlns:x="{NS_MAIN}"><x:sheetData>{rows}</x:sheetData></x:worksheet>')
    put(parts, "xl/worksheets/sheet2.xml", decl +
        f'<x:worksheet xmlns:r="{NS_R}" xmlns:x="{NS_MAIN}"><x:sheetData>{notes_rows}</x:sheetData></x:worksheet>')
    sst = "".join(f"<x:si><x:t>{s.replace('&', '&amp;')}</x:t></x:si>" for s in strings)
    put(parts, "xl/sharedStrings.xml", decl +
        f'<x:sst xmlns:x="{NS_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</x:sst>')
    put(parts, "xl/styles.xml", decl +
        f'<x:styleSheet xmlns:x="{NS_MAIN}"><x:fonts count="2"><x:font><x:sz val="11"/><x:name val="Calibri"/>'
        '</x:font><x:font><x:b/><x:sz val="11"/><x:name val="Calibri"/></x:font></x:fonts>'
        '<x:fills count="2"><x:fill><x:patternFill patternType="none"/></x:fill><x:fill>'
        '<x:patternFill patternType="gray125"/></x:fill></x:fills><x:borders count="1"><x:border><x:left/>'
        '<x:right/><x:top/><x:bottom/><x:diagonal/></x:border></x:borders><x:cellStyleXfs count="1">'
        '<x:xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></x:cellStyleXfs><x:cellXfs count="2">'
        '<x:xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><x:xf numFmtId="0" fontId="1" '
        'fillId="0" borderId="0" xfId="0" applyFont="1"/></x:cellXfs><x:cellStyles count="1">'
        '<x:cellStyle name="Normal" xfId="0" builtinId="0"/></x:cellStyles></x:styleSheet>')
    put(parts, "docProps/core.xml", decl +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>ShopSystem</dc:creator>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T09:00:00Z</dcterms:created></cp:coreProperties>')
    return write_parts(path, parts)


# --------------------------------------------------------------------------------------------
# m. unusual part names
# --------------------------------------------------------------------------------------------
# ECMA-376 Part 2 (OPC) §9.1.1.1 (part names are compared case-insensitively; any name is valid)
# and Part 1 §12.3.23 Workbook Part ("/xl/workbook.xml" is only the example name: the part is the
# target of the package's officeDocument relationship in /_rels/.rels): the XlsxWriter package with
# its parts renamed (xl/Workbook.xml, xl/worksheets/Sheet1.xml, xl/Styles.xml, ...), every
# reference (content types, relationships) renamed with them.

def build_m_part_names(path):
    def build(wb, ws):
        wb.add_worksheet("Notes").write("A1", "Renamed parts")
    parts = xlsxwriter_book(build)
    renames = {"xl/workbook.xml": "xl/Workbook.xml", "xl/_rels/workbook.xml.rels": "xl/_rels/Workbook.xml.rels",
               "xl/worksheets/sheet1.xml": "xl/worksheets/Sheet1.xml",
               "xl/worksheets/sheet2.xml": "xl/worksheets/Sheet2.xml", "xl/styles.xml": "xl/Styles.xml",
               "xl/sharedStrings.xml": "xl/SharedStrings.xml", "xl/theme/theme1.xml": "xl/theme/Theme1.xml"}
    out = {}
    for name, data in parts.items():
        new = renames.get(name, name)
        if name == "[Content_Types].xml":
            s = data.decode()
            for old, n in renames.items():
                s = s.replace(f'PartName="/{old}"', f'PartName="/{n}"')
            data = s.encode()
        elif name.endswith(".rels"):
            s = data.decode()
            s = s.replace('Target="xl/workbook.xml"', 'Target="xl/Workbook.xml"')
            for old, n in renames.items():
                if old.startswith("xl/") and name.startswith("xl/_rels/"):
                    s = s.replace(f'Target="{old[3:]}"', f'Target="{n[3:]}"')
            data = s.encode()
        out[new] = data
    return write_parts(path, out)


# --------------------------------------------------------------------------------------------
# n. Strict Open XML
# --------------------------------------------------------------------------------------------
# ISO/IEC 29500-1:2016 (ECMA-376 Part 1) Strict conformance: the namespaces of Annex A
# (http://purl.oclc.org/ooxml/spreadsheetml/main, .../officeDocument/relationships,
# .../drawingml/main, .../officeDocument/extendedProperties) and the relationship types under
# http://purl.oclc.org/ooxml/officeDocument/relationships/ (officeDocument, worksheet, styles,
# sharedStrings, theme, extendedProperties), §18.2.27 workbook/@conformance="strict"; the package
# (OPC) namespaces and the content types stay as in Transitional, as Excel's "Strict Open XML
# Spreadsheet" save writes them ([MS-OI29500] 2.1.1: Office reads and writes Strict).

STRICT = [
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
     "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main"),
]


def build_n_strict(path):
    parts = xlsxwriter_book(nothing)
    for name in list(parts):
        if name.endswith((".xml", ".rels")) and name != "[Content_Types].xml":
            s = text(parts, name)
            for old, new in STRICT:
                s = s.replace(old, new)
            put(parts, name, s)
    edit(parts, "xl/workbook.xml", 'xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships">',
         'xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships" conformance="strict">')
    return write_parts(path, parts)


BUILDERS = {
    "a_protected_structure_sha512.xlsx": build_a_sha512,
    "a_protected_structure_legacy.xlsx": build_a_legacy,
    "b_signed_document.xlsx": build_b_signed,
    "b_signed_vba.xlsm": build_b_signed_vba,
    "c_sheet_rid_empty.xlsm": build_c_rid_empty,
    "d_far_formatted_cells.xlsx": build_d_far_formats,
    "e_x14_conditional_formats.xlsx": build_e_x14,
    "f_table_slicer.xlsx": build_f_slicer,
    "g_timeline.xlsx": build_g_timeline,
    "h_threaded_comments.xlsx": build_h_threaded,
    "i_power_query.xlsx": build_i_power_query,
    "j_activex.xlsm": build_j_activex,
    "k_chartsheet_first.xlsx": build_k_chartsheet,
    "l_x_prefixed.xlsx": build_l_x_prefixed,
    "m_part_names.xlsx": build_m_part_names,
    "n_strict.xlsx": build_n_strict,
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", action="append", default=[], help="a file name (or its stem); repeatable")
    args = ap.parse_args(argv)
    chosen = {n: b for n, b in BUILDERS.items() if not args.only or n in args.only or n.split(".")[0] in args.only}
    if not chosen:
        ap.error(f"--only: choose among {', '.join(BUILDERS)}")
    for name, builder in chosen.items():
        builder(OUT / name)
        print(f"wrote {OUT / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
