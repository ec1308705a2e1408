BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    Connect-TestSandbox

    function Get-Summary($Information) {
        ($Information | Where-Object { $_.Tags -contains 'Summary' } | Select-Object -Last 1).MessageData
    }
}

Describe 'The ledger in the module' {
    BeforeEach { Reset-TestSandbox }

    It 'skips rows already sent, by any run, and says so in the summary' {
        $first = @(New-TestRow -Count 3)
        $first | Send-MetricaChatImport -CounterId 12345 -Force | Out-Null
        # The next day's export overlaps: the same three chats and two new ones.
        $second = @($first) + @(New-TestRow -Count 2 -StartAt 4)

        $uploads = @($second | Send-MetricaChatImport -CounterId 12345 -Force -InformationVariable info)

        $summary = Get-Summary $info
        $summary.Read | Should -Be 5
        $summary.Sent | Should -Be 2
        $summary.AlreadySent | Should -Be 3
        $uploads.Count | Should -Be 1
        $uploads[0].SourceQuantity | Should -Be 2
        (@(Get-SandboxUpload -CounterId 12345) | Measure-Object line_quantity -Sum).Sum | Should -Be 5
    }

    It 'names the changed columns of a chat sent before with other values, and does not send it again' {
        $rows = @(New-TestRow -Count 2)
        $rows | Send-MetricaChatImport -CounterId 12345 -Force | Out-Null
        $rows[1].Amount = '999.00'

        $rows | Send-MetricaChatImport -CounterId 12345 -Force -WarningVariable warned -WarningAction SilentlyContinue | Out-Null

        "$warned" | Should -Match 'Price'
        "$warned" | Should -Match 'cannot update'
        @(Get-SandboxUpload -CounterId 12345).Count | Should -Be 1
    }

    It 'sends again on purpose with -Resend' {
        $rows = @(New-TestRow -Count 2)
        $rows | Send-MetricaChatImport -CounterId 12345 -Force | Out-Null
        $rows | Send-MetricaChatImport -CounterId 12345 -Resend -Force | Out-Null
        @(Get-SandboxUpload -CounterId 12345).Count | Should -Be 2
    }

    It 'keeps its ledger where -LedgerPath says, and the dry run with a counter leaves out what it holds' {
        $ledger = Join-Path $TestDrive 'own-ledger.db'
        $rows = @(New-TestRow -Count 3)
        $rows | Send-MetricaChatImport -CounterId 12345 -LedgerPath $ledger -Force | Out-Null
        Test-Path $ledger | Should -BeTrue

        $preview = Join-Path $TestDrive 'preview.csv'
        $all = @($rows) + @(New-TestRow -Count 1 -StartAt 9)
        $all | Send-MetricaChatImport -CounterId 12345 -LedgerPath $ledger -OutFile $preview -Force -InformationVariable info | Out-Null

        (Get-Summary $info).AlreadySent | Should -Be 3
        @(Get-Content $preview).Count | Should -Be 2
    }

    It 'refuses -StateFile with what replaced it, and sends nothing' {
        { New-TestRow -Count 1 | Send-MetricaChatImport -CounterId 12345 -StateFile (Join-Path $TestDrive 'old.json') -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'StateFileReplaced,*'
        @(Get-SandboxUpload -CounterId 12345).Count | Should -Be 0
    }

    It 'refuses a file that is not a ledger, naming what to do' {
        $notLedger = Join-Path $TestDrive 'not-a-ledger.db'
        Set-Content -Path $notLedger -Value 'this is not SQLite' -Encoding Ascii
        { New-TestRow -Count 1 | Send-MetricaChatImport -CounterId 12345 -LedgerPath $notLedger -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'LedgerUnavailable,*'
        @(Get-SandboxUpload -CounterId 12345).Count | Should -Be 0
    }

    It 'holds back the last row of an export file that has no line ending, and says why' {
        $csv = Join-Path $TestDrive 'being-written.csv'
        $rows = @(New-TestRow -Count 3)
        $text = (($rows | ConvertTo-Csv -NoTypeInformation) -join "`n")
        [System.IO.File]::WriteAllText($csv, $text)

        Send-MetricaChatImport -Path $csv -CounterId 12345 -Force -InformationVariable info -WarningVariable warned -WarningAction SilentlyContinue | Out-Null

        $summary = Get-Summary $info
        $summary.Sent | Should -Be 2
        $summary.NotSent | Should -Be 1
        "$warned" | Should -Match 'no line ending'

        # The writer finishes the line: the next run sends that row only.
        [System.IO.File]::AppendAllText($csv, "`n")
        Send-MetricaChatImport -Path $csv -CounterId 12345 -Force -InformationVariable again | Out-Null
        (Get-Summary $again).Sent | Should -Be 1
        (Get-Summary $again).AlreadySent | Should -Be 2
    }
}

Describe 'Get-MetricaChatImportHistory' {
    BeforeEach { Reset-TestSandbox }

    It 'lists the runs, newest first, and one run with its batches' {
        $rows = @(New-TestRow -Count 5)
        $rows | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force -InformationVariable info | Out-Null
        $rows | Send-MetricaChatImport -CounterId 12345 -Force | Out-Null

        $runs = @(Get-MetricaChatImportHistory)
        $runs.Count | Should -Be 2
        $runs[0].AlreadySent | Should -Be 5
        $runs[1].Sent | Should -Be 5
        $runs[1].Status | Should -Be 'completed'
        $runs[1].FrontEnd | Should -Be 'powershell'
        $runs[1].Id | Should -Be (Get-Summary $info).LedgerRunId

        $run = Get-MetricaChatImportHistory -RunId $runs[1].Id
        @($run.Batches).Count | Should -Be 3
        @($run.Batches | ForEach-Object { "$($_.State)" } | Select-Object -Unique) | Should -Be @('Sent')
        ($run.Batches | Measure-Object Rows -Sum).Sum | Should -Be 5
        @(Get-MetricaChatImportHistory -CounterId 67890).Count | Should -Be 0
    }

    It 'says a run it does not have is not found' {
        New-TestRow -Count 1 | Send-MetricaChatImport -CounterId 12345 -Force | Out-Null
        { Get-MetricaChatImportHistory -RunId 999 -ErrorAction Stop } | Should -Throw -ErrorId 'RunNotFound,*'
    }

    It 'outputs nothing, and says where it looked, when no import has run' {
        Remove-TestLedger
        $verbose = Get-MetricaChatImportHistory -Verbose 4>&1
        @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -Be 1
        "$verbose" | Should -Match 'No ledger at'
    }

    It 'shows runs in a table that fits 80 columns' {
        New-TestRow -Count 2 | Send-MetricaChatImport -CounterId 12345 -Force | Out-Null
        $lines = (Get-MetricaChatImportHistory | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ }
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 79 }
        $lines[0] | Should -Match 'Already'
    }
}

Describe 'The ledger''s native SQLite library' {
    It 'is loaded from the module''s own folder' {
        if (-not $IsLinux) {
            Set-ItResult -Skipped -Because 'the loaded libraries are read from /proc/<pid>/maps, which only Linux has (the module loads its SQLite build the same way elsewhere)'
            return
        }

        Reset-TestSandbox
        New-TestRow -Count 1 | Send-MetricaChatImport -CounterId 12345 -Force | Out-Null
        $moduleRoot = Split-Path -Parent (Get-Module MetricaChats).Path
        $mapped = @(Get-Content "/proc/$PID/maps" | Where-Object { $_ -match 'libe_sqlite3\.so' })
        $mapped.Count | Should -BeGreaterThan 0
        $mapped | ForEach-Object { $_ | Should -BeLike "*$moduleRoot*dependencies*runtimes*native*" }
    }
}
