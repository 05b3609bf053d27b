Attribute VB_Name = "ClientRank"
' The Client Rank ribbon: each button runs a Python function of xlclientrank.excel.macro
' through xlwings' RunPython (the open-source part of xlwings). The Python side checks that the
' installed package has the version this add-in was built for (CLIENTRANK_VERSION, set by the build).
Option Explicit

Public Const CLIENTRANK_VERSION As String = "0.1.0"
Private Const ADDIN_NAME As String = "xlclientrank.xlam"

' ---------------------------------------------------------------- the ribbon's buttons

Sub ReRank(control As IRibbonControl)
    ReRankActiveWorkbook
End Sub

Sub ShareWithAdvisor(control As IRibbonControl)
    ShareActiveWorkbook
End Sub

Sub ShareAnonymously(control As IRibbonControl)
    ShareAnonymouslyActiveWorkbook
End Sub

Sub OpenSettings(control As IRibbonControl)
    If Not HasClientWorkbook() Then Exit Sub
    RunPython "import xlclientrank.excel.macro as m; m.settings('" & CLIENTRANK_VERSION & "')"
End Sub

' The same text as HELP in xlclientrank/excel/macro.py (a test keeps the two equal).
Sub ShowHelp(control As IRibbonControl)
    MsgBox "Client Rank ranks your clients on the sheet 'Ranking'." & vbLf & vbLf & _
           "Re-rank: reads your client list, gives every client a score from 0 to 100 and a tier, and rebuilds " & _
           "the sheets ClientRank Summary (the verdict, the figures, the charts), Ranking, ClientRank Methodology " & _
           "and Rank History. Click it again after you change your list or the settings." & vbLf & _
           "Share with advisor: writes a copy for your coach or accountant, with your clients' names, that " & _
           "opens in Excel, Numbers or Google Sheets without Client Rank." & vbLf & _
           "Share anonymously: the same copy, with your clients called Client 001, Client 002, ... Who is who " & _
           "stays in your workbook, on the sheet 'ClientRank Aliases': do not send your workbook itself." & vbLf & _
           "Settings: how much each column counts, the tiers and the 80/20 column (the yellow cells); then " & _
           "click Re-rank." & vbLf & _
           "Formulas for your own cells: =CLIENT_TIER(A2:K2) shows a client's tier, =PARETO_COUNT(B2:B200) " & _
           "how many clients bring 80 % of the total." & vbLf & vbLf & _
           "Add-in version " & CLIENTRANK_VERSION & ". To check that everything works, type  xlclientrank " & _
           "selftest  in a terminal.", _
           vbInformation, "Client Rank"
End Sub

' The ribbon tab of the template workbook is hidden while the add-in is open, so that a workbook
' and the add-in that both carry the tab show it once.
Sub TabVisible(control As IRibbonControl, ByRef visible)
    visible = Not AddinIsOpen()
End Sub

' ---------------------------------------------------------------- argless entry points
' (for Application.Run, e.g. by xlclientrank selftest)

Public Sub ReRankActiveWorkbook()
    If Not HasClientWorkbook() Then Exit Sub
    RunPython "import xlclientrank.excel.macro as m; m.rerank('" & CLIENTRANK_VERSION & "')"
End Sub

Public Sub ShareActiveWorkbook()
    If Not HasClientWorkbook() Then Exit Sub
    RunPython "import xlclientrank.excel.macro as m; m.share('" & CLIENTRANK_VERSION & "')"
End Sub

Public Sub ShareAnonymouslyActiveWorkbook()
    If Not HasClientWorkbook() Then Exit Sub
    RunPython "import xlclientrank.excel.macro as m; m.share_anonymously('" & CLIENTRANK_VERSION & "')"
End Sub

' ---------------------------------------------------------------- helpers

' xlwings reads its settings through ActiveWorkbook, which is Nothing when no workbook is open.
Private Function HasClientWorkbook() As Boolean
    If ActiveWorkbook Is Nothing Then
        MsgBox "Open your client workbook first, then click the button again.", vbInformation, "Client Rank"
        HasClientWorkbook = False
    Else
        HasClientWorkbook = True
    End If
End Function

Private Function AddinIsOpen() As Boolean
    Dim wb As Object
    If ThisWorkbook.Name = ADDIN_NAME Then
        AddinIsOpen = False
        Exit Function
    End If
    On Error Resume Next
    Set wb = Application.Workbooks(ADDIN_NAME)
    On Error GoTo 0
    AddinIsOpen = Not wb Is Nothing
End Function
