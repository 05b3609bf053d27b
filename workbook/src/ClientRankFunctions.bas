Attribute VB_Name = "ClientRankFunctions"
' Written by python -m xlclientrank.excel.build from the functions in xlclientrank/udfs.py.
' Excel's function wizard lists the cell formulas under their category, with help for each argument
' (what xlwings' Import Functions registers with Application.MacroOptions).
Option Explicit

Public Sub RegisterClientRankFunctions()
    Dim wasSaved As Boolean
    wasSaved = ThisWorkbook.Saved
    On Error Resume Next  ' never keep the workbook from opening over the function wizard's help
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!CLIENT_RANK", _
        Description:="The client's rank (1 = best), as on the Ranking sheet; one per row for many rows.", _
        Category:="Client Rank", _
        ArgumentDescriptions:=Array("One client's row of your client table, from its first column, e.g. A2:K2; or many rows, e.g. A2:K10001, for one result per row.", "Optional: the whole client table with its header row, e.g. $A$1:$K$200 (default: the last Re-rank).")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!CLIENT_RANKING", _
        Description:="The whole ranking as one spilled table: Rank, Client, Score, Tier and the factors.", _
        Category:="Client Rank", _
        ArgumentDescriptions:=Array("The whole client table with its header row, e.g. A1:K200.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!CLIENT_SCORE", _
        Description:="The client's score from 0 to 100, as on the Ranking sheet; one per row for many rows.", _
        Category:="Client Rank", _
        ArgumentDescriptions:=Array("One client's row of your client table, from its first column, e.g. A2:K2; or many rows, e.g. A2:K10001, for one result per row.", "Optional: the whole client table with its header row, e.g. $A$1:$K$200 (default: the last Re-rank).")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!CLIENT_TIER", _
        Description:="The client's tier (Ideal, Core, Poor), as on the Ranking sheet; one per row for many rows.", _
        Category:="Client Rank", _
        ArgumentDescriptions:=Array("One client's row of your client table, from its first column, e.g. A2:K2; or many rows, e.g. A2:K10001, for one result per row.", "Optional: the whole client table with its header row, e.g. $A$1:$K$200 (default: the last Re-rank).")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!IMPORTANCE_RATIO", _
        Description:="Your largest value divided by your smallest positive one (""worth 296 times"").", _
        Category:="Client Rank", _
        ArgumentDescriptions:=Array("The values, one per client, e.g. the revenue column B2:B200; or the whole client table with its header row, e.g. A1:K200.")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!PARETO_COUNT", _
        Description:="How many of your top clients together bring 80 % (or share) of the total.", _
        Category:="Client Rank", _
        ArgumentDescriptions:=Array("The values, one per client, e.g. the revenue column B2:B200; or the whole client table with its header row, e.g. A1:K200.", "Optional: the share of the total to reach (default 0.8, that is 80 %).")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!PARETO_CUTOFF", _
        Description:="The value of the last client in the 80 % (or share) group: the cut-off.", _
        Category:="Client Rank", _
        ArgumentDescriptions:=Array("The values, one per client, e.g. the revenue column B2:B200; or the whole client table with its header row, e.g. A1:K200.", "Optional: the share of the total to reach (default 0.8, that is 80 %).")
    Application.MacroOptions Macro:="'" & ThisWorkbook.Name & "'!PARETO_SHARE", _
        Description:="The share of the total held by your top 20 % (or top) clients.", _
        Category:="Client Rank", _
        ArgumentDescriptions:=Array("The values, one per client, e.g. the revenue column B2:B200; or the whole client table with its header row, e.g. A1:K200.", "Optional: the top share of clients (default 0.2, that is 20 %).")
    On Error GoTo 0
    ThisWorkbook.Saved = wasSaved
End Sub
