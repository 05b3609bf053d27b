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

Sub OpenSettings(control As IRibbonControl)
    If Not HasClientWorkbook() Then Exit Sub
    RunPython "import xlclientrank.excel.macro as m; m.settings('" & CLIENTRANK_VERSION & "')"
End Sub

Sub ShowHelp(control As IRibbonControl)
    MsgBox "Client Rank ranks your clients on the sheet 'Ranking'." & vbLf & vbLf & _
           "Re-rank: reads your client list, scores every client 0-100, puts them in tiers (Ideal, Core, Poor) " & _
           "and rebuilds the sheets Ranking, ClientRank Methodology and Rank History." & vbLf & _
           "Settings: the weights and choices you can change (yellow cells), then click Re-rank." & vbLf & _
           "Cell formulas: =CLIENT_TIER(A2:K2), =CLIENT_SCORE(...), =CLIENT_RANK(...), =PARETO_COUNT(B2:B200)." & vbLf & vbLf & _
           "Add-in version " & CLIENTRANK_VERSION & ". To check your set-up, run  xlclientrank selftest  in a terminal.", _
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
