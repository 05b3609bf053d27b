"""The XML namespaces, relationship types and content types of an .xlsx/.xlsm package that this
package reads and writes, each written once (ECMA-376 Part 1 and Part 2; Microsoft's own for the
VBA project, the ribbon and Excel 4.0 macro sheets, [MS-OFFMACRO2] and [MS-CUSTOMUI2])."""

# ---------------------------------------------------------------- XML namespaces

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"             # SpreadsheetML, Transitional
STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"                   # SpreadsheetML, Strict
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"  # r:id and relationship types
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"       # the _rels/*.rels parts
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"        # [Content_Types].xml
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"                # DrawingML text (a:p, a:r, a:t)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"                    # xml:space="preserve"

# the beginnings of the formats' own namespaces (ECMA-376 Transitional and Strict, Microsoft's
# extensions, VML, Dublin Core, W3C): an XML part in any other namespace is the owner's own data
FORMAT_NS_PREFIXES = ("http://schemas.openxmlformats.org/", "http://purl.oclc.org/ooxml/",
                      "http://schemas.microsoft.com/", "urn:schemas-microsoft-com:", "http://purl.org/dc/",
                      "http://www.w3.org/")

# ---------------------------------------------------------------- relationship types

REL_SHEET = NS_R + "/worksheet"
REL_STYLES = NS_R + "/styles"
REL_CALC = NS_R + "/calcChain"
REL_TABLE = NS_R + "/table"
REL_EXTERNAL_LINK = NS_R + "/externalLink"
REL_SIGNATURE = NS_REL + "/digital-signature/"  # the beginning of each digital-signature relationship type
REL_SIG_ORIGIN = REL_SIGNATURE + "origin"

_MS_REL = "http://schemas.microsoft.com/office/2006/relationships/"
REL_VBA = _MS_REL + "vbaProject"
REL_UI = _MS_REL + "ui/extensibility"                                          # the ribbon, Office 2007
REL_UI14 = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"  # the ribbon, Office 2010+
REL_MACROSHEETS = (_MS_REL + "xlMacrosheet", _MS_REL + "xlIntlMacrosheet")    # Excel 4.0 macro sheets

# ---------------------------------------------------------------- content types

_CT_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
CT_XLSX_MAIN = _CT_SML + "sheet.main+xml"   # the workbook part of an .xlsx (no macros)
CT_SHEET = _CT_SML + "worksheet+xml"
CT_STYLES = _CT_SML + "styles+xml"
