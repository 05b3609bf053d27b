Attribute VB_Name = "ClientRank"
' The Client Rank ribbon: each button runs a Python function of xlclientrank.excel.macro
' through xlwings' RunPython (the open-source part of xlwings).
Option Explicit

Sub ReRank(control As IRibbonControl)
    RunPython "import xlclientrank.excel.macro as m; m.rerank()"
End Sub

Sub ShareWithAdvisor(control As IRibbonControl)
    RunPython "import xlclientrank.excel.macro as m; m.share()"
End Sub

Sub OpenSettings(control As IRibbonControl)
    RunPython "import xlclientrank.excel.macro as m; m.settings()"
End Sub

Sub ShowHelp(control As IRibbonControl)
    RunPython "import xlclientrank.excel.macro as m; m.help()"
End Sub
