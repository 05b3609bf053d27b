Attribute VB_Name = "xlwings_udfs"
Function CLIENT_RANK(row, Optional table)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        CLIENT_RANK = XLPy.CallUDF("xlclientrank.udfs", "CLIENT_RANK", Array(row, table, Nothing), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        CLIENT_RANK = XLPy.CallUDF("xlclientrank.udfs", "CLIENT_RANK", Array(row, table, Nothing))
        Exit Function
    #End If
failed:
    CLIENT_RANK = Err.Description
End Function

Function CLIENT_RANKING(table)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        CLIENT_RANKING = XLPy.CallUDF("xlclientrank.udfs", "CLIENT_RANKING", Array(table, Nothing), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        CLIENT_RANKING = XLPy.CallUDF("xlclientrank.udfs", "CLIENT_RANKING", Array(table, Nothing))
        Exit Function
    #End If
failed:
    CLIENT_RANKING = Err.Description
End Function

Function CLIENT_SCORE(row, Optional table)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        CLIENT_SCORE = XLPy.CallUDF("xlclientrank.udfs", "CLIENT_SCORE", Array(row, table, Nothing), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        CLIENT_SCORE = XLPy.CallUDF("xlclientrank.udfs", "CLIENT_SCORE", Array(row, table, Nothing))
        Exit Function
    #End If
failed:
    CLIENT_SCORE = Err.Description
End Function

Function CLIENT_TIER(row, Optional table)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        CLIENT_TIER = XLPy.CallUDF("xlclientrank.udfs", "CLIENT_TIER", Array(row, table, Nothing), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        CLIENT_TIER = XLPy.CallUDF("xlclientrank.udfs", "CLIENT_TIER", Array(row, table, Nothing))
        Exit Function
    #End If
failed:
    CLIENT_TIER = Err.Description
End Function

Function IMPORTANCE_RATIO(values)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        IMPORTANCE_RATIO = XLPy.CallUDF("xlclientrank.udfs", "IMPORTANCE_RATIO", Array(values), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        IMPORTANCE_RATIO = XLPy.CallUDF("xlclientrank.udfs", "IMPORTANCE_RATIO", Array(values))
        Exit Function
    #End If
failed:
    IMPORTANCE_RATIO = Err.Description
End Function

Function PARETO_COUNT(values, Optional share)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        PARETO_COUNT = XLPy.CallUDF("xlclientrank.udfs", "PARETO_COUNT", Array(values, share), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        PARETO_COUNT = XLPy.CallUDF("xlclientrank.udfs", "PARETO_COUNT", Array(values, share))
        Exit Function
    #End If
failed:
    PARETO_COUNT = Err.Description
End Function

Function PARETO_CUTOFF(values, Optional share)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        PARETO_CUTOFF = XLPy.CallUDF("xlclientrank.udfs", "PARETO_CUTOFF", Array(values, share), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        PARETO_CUTOFF = XLPy.CallUDF("xlclientrank.udfs", "PARETO_CUTOFF", Array(values, share))
        Exit Function
    #End If
failed:
    PARETO_CUTOFF = Err.Description
End Function

Function PARETO_SHARE(values, Optional top)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        PARETO_SHARE = XLPy.CallUDF("xlclientrank.udfs", "PARETO_SHARE", Array(values, top), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        PARETO_SHARE = XLPy.CallUDF("xlclientrank.udfs", "PARETO_SHARE", Array(values, top))
        Exit Function
    #End If
failed:
    PARETO_SHARE = Err.Description
End Function

