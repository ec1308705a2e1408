BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'ChildShell.ps1')
    Import-TestModule
    Connect-TestSandbox

    function Get-Summary($Information) {
        ($Information | Where-Object { $_.Tags -contains 'Summary' } | Select-Object -Last 1).MessageData
    }

    # An export file as a chat tool writes it: $Rows rows, the given row numbers with an unknown messenger.
    function New-TestExport([string] $Path, [int] $Rows, [int[]] $Bad = @(), [string] $Delimiter = ',', [int] $StartAt = 1) {
        $all = @(New-TestRow -Count $Rows -StartAt $StartAt)
        foreach ($n in $Bad) { $all[$n - 1].Messenger = 'icq' }
        $all | Export-Csv -LiteralPath $Path -NoTypeInformation -Delimiter $Delimiter -Encoding UTF8
        $all
    }
}

Describe 'Send-MetricaChatImport' {
    BeforeEach { Reset-TestSandbox }

    It 'says once, in cmdlet words, that rows older than 16 hours need the extended window, and that rows older than 21 days cannot join' {
        Disable-MetricaCallsExtendedWindow -CounterId 12345 -Force | Out-Null
        $rows = @(New-TestRow -Count 4)
        $rows[0].Timestamp = [DateTimeOffset]::UtcNow.AddHours(-20).ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
        $rows[1].Timestamp = [DateTimeOffset]::UtcNow.AddHours(-30).ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
        $rows[2].Timestamp = [DateTimeOffset]::UtcNow.AddDays(-25).ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
        $rows | Send-MetricaChatImport -CounterId 12345 -Force -WarningVariable warned -WarningAction SilentlyContinue | Out-Null
        $enable = @($warned | Where-Object { "$_" -like '*Enable-MetricaCallsExtendedWindow -CounterId 12345*' })
        $enable.Count | Should -Be 1
        "$($enable[0])" | Should -BeLike '2 rows are older than 16 hours*'
        "$($enable[0])" | Should -Not -BeLike '*metrica-chats*'
        @($warned | Where-Object { "$_" -like '1 row is older than 21 days: no setting*' }).Count | Should -Be 1
    }

    It 'gives no window advice when the extended window is on' {
        Enable-MetricaCallsExtendedWindow -CounterId 12345 -Force | Out-Null
        $rows = @(New-TestRow -Count 2)
        $rows[0].Timestamp = [DateTimeOffset]::UtcNow.AddHours(-20).ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
        $rows | New-MetricaChatEvent | Send-MetricaChatImport -CounterId 12345 -Force -WarningVariable warned -WarningAction SilentlyContinue | Out-Null
        @($warned | Where-Object { "$_" -like '*extended window*' }).Count | Should -Be 0
    }

    It 'uploads New-MetricaChatEvent output and returns one upload object per batch' {
        $uploads = @(New-TestRow -Count 5 | New-MetricaChatEvent | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force)
        $uploads.Count | Should -Be 3
        $uploads[0].PSObject.TypeNames[0] | Should -Be 'MetricaChats.Core.Api.MetricaUpload'
        ($uploads | Measure-Object SourceQuantity -Sum).Sum | Should -Be 5
        $uploads | ForEach-Object { $_.CounterId | Should -Be 12345 }
        $stored = Get-SandboxUpload -CounterId 12345
        $stored.Count | Should -Be 3
        ($stored | Measure-Object line_quantity -Sum).Sum | Should -Be 5
    }

    It 'accepts raw rows without New-MetricaChatEvent' {
        $upload = New-TestRow -Count 4 | Send-MetricaChatImport -CounterId 12345 -Force
        $upload.SourceQuantity | Should -Be 4
        (Get-SandboxUpload -CounterId 12345)[0].header | Should -Contain 'ChatPlatform'
    }

    It 'reports a bad raw row as an error with the row as target and sends the rest' {
        $rows = @(New-TestRow -Count 3)
        $rows[2].Username = ''
        $upload = $rows | Send-MetricaChatImport -CounterId 12345 -Force -ErrorAction SilentlyContinue -ErrorVariable rowErrors
        $upload.SourceQuantity | Should -Be 2
        $rowErrors[0].FullyQualifiedErrorId | Should -BeLike 'MissingChatPartner*'
        $rowErrors[0].TargetObject.Timestamp | Should -Be $rows[2].Timestamp
    }

    It 'writes the reconciled summary to the information stream, tagged to be shown by default' {
        $rows = @(New-TestRow -Count 4)
        $rows[0].Messenger = 'icq'
        $rows | Send-MetricaChatImport -CounterId 12345 -Force -ErrorAction SilentlyContinue -InformationVariable info | Out-Null
        $summary = $info | Where-Object { $_.Tags -contains 'Summary' } | Select-Object -Last 1
        $summary.MessageData.Read | Should -Be 4
        $summary.MessageData.Sent | Should -Be 3
        $summary.MessageData.Rejected | Should -Be 1
        $summary.Tags | Should -Contain 'PSHOST'
    }

    It 'writes the CSV and sends nothing with -OutFile' {
        $file = Join-Path $TestDrive 'preview.csv'
        $written = @(New-TestRow -Count 3 | Send-MetricaChatImport -OutFile $file -BatchSize 2)
        $written.Count | Should -Be 2
        $written[0].FullName | Should -Be $file
        $written[1].Name | Should -Be 'preview-000002.csv'
        (Get-Content $file)[0] | Should -Match 'DateTime'
        (Get-Content $file -Raw) | Should -Not -Match ([regex]::Escape($env:METRICA_TEST_TOKEN))
        Get-SandboxUpload -CounterId 12345 | Should -BeNullOrEmpty
    }

    It 'sends nothing with -WhatIf' {
        New-TestRow -Count 2 | Send-MetricaChatImport -CounterId 12345 -WhatIf | Should -BeNullOrEmpty
        Get-SandboxUpload -CounterId 12345 | Should -BeNullOrEmpty
    }

    It 'waits until Metrica has processed the upload with -Wait' {
        $upload = New-TestRow -Count 2 | Send-MetricaChatImport -CounterId 12345 -Wait -PollIntervalSec 1 -Force
        $upload.Status | Should -BeIn @('PROCESSED', 'LINKAGE_FAILURE')
    }

    It 'stops with a terminating error for a counter the token may not use' {
        { New-TestRow -Count 1 | Send-MetricaChatImport -CounterId 55555 -Force -ErrorAction Stop } | Should -Throw
    }

    It 'sends nothing twice when the same rows are sent again: the ledger counts them as already sent' {
        $rows = @(New-TestRow -Count 4)
        $rows | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force | Out-Null
        $again = @($rows | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force -InformationVariable info)
        $again.Count | Should -Be 0
        (Get-SandboxUpload -CounterId 12345).Count | Should -Be 2
        $summary = Get-Summary $info
        $summary.Sent | Should -Be 0
        $summary.AlreadySent | Should -Be 4
        "$($info | Where-Object { $_.Tags -contains 'Summary' })" | Should -Match 'already sent 4'
    }

    It 'under -ErrorAction Stop, a bad row ends the command only after the batch in flight has settled, and says what was sent' {
        # Batch 1 (rows 1-2) is on its way (its answer held back) when row 4 turns out bad.
        Set-SandboxFault @{ clear = $true; uploads_only = $true; slow_delay_ms = 1500; force_next = @('Slow') }
        try {
            $rows = @(New-TestRow -Count 5)
            $rows[3].Messenger = 'icq'
            $caught = $null
            try {
                $rows | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force -ErrorAction Stop -OutVariable sent -InformationVariable info -WarningVariable warned | Out-Null
            }
            catch { $caught = $_ }

            $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidChatPlatform,*'
            $stored = @(Get-SandboxUpload -CounterId 12345)
            $stored.Count | Should -Be 1
            @($sent).Count | Should -Be 1
            $sent[0].Id | Should -Be $stored[0].id
            "$caught" | Should -Match ('upload ' + $stored[0].id)
            $summary = Get-Summary $info
            $summary.Read | Should -Be 4
            $summary.Sent | Should -Be 2
            $summary.Rejected | Should -Be 1
            $summary.NotSent | Should -Be 1
            @($summary.UploadIds) | Should -Be @($stored[0].id)
            "$warned" | Should -Match '1 valid row'
            $batch = @((Get-MetricaChatImportHistory -RunId $summary.LedgerRunId).Batches)[0]
            $batch.UploadId | Should -Be $stored[0].id
            "$($batch.State)" | Should -Be 'Sent'
        }
        finally { Set-SandboxFault @{ clear = $true } }
    }

    It 'when New-MetricaChatEvent ends the pipeline at a bad row, lets the upload in flight settle first, and the error names it' {
        Set-SandboxFault @{ clear = $true; uploads_only = $true; slow_delay_ms = 1500; force_next = @('Slow') }
        try {
            $rows = @(New-TestRow -Count 5)
            $rows[3].Messenger = 'icq'
            $caught = $null
            try {
                $rows | New-MetricaChatEvent -ErrorAction Stop -InformationVariable info | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force | Out-Null
            }
            catch { $caught = $_ }

            $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidChatPlatform,*'
            $stored = @(Get-SandboxUpload -CounterId 12345)
            $stored.Count | Should -Be 1
            "$caught" | Should -Match ('upload ' + $stored[0].id)
            $summary = Get-Summary $info
            $summary.Read | Should -Be 4
            $summary.Sent | Should -Be 2
            $summary.Rejected | Should -Be 1
            $summary.NotSent | Should -Be 1
            @((Get-MetricaChatImportHistory -RunId (Get-MetricaChatImportHistory -Limit 1).Id).Batches)[0].UploadId | Should -Be $stored[0].id
        }
        finally { Set-SandboxFault @{ clear = $true } }
    }

    It 'takes an array given to -InputObject as the pipeline would' {
        $events = @(New-TestRow -Count 3 | New-MetricaChatEvent)
        (Send-MetricaChatImport -InputObject $events -CounterId 12345 -Force).SourceQuantity | Should -Be 3
        $rows = @(New-TestRow -Count 2 -StartAt 10)
        (Send-MetricaChatImport -InputObject $rows -CounterId 12345 -Force).SourceQuantity | Should -Be 2
        (Get-SandboxUpload -CounterId 12345).Count | Should -Be 2
    }

    It 'shows the whole reconciliation of Import-Csv | New-MetricaChatEvent | Send-MetricaChatImport by default' {
        $csv = Join-Path $TestDrive 'shown.csv'
        New-TestExport -Path $csv -Rows 4 -Bad 2 | Out-Null
        $run = Invoke-ChildShell "Import-Csv -LiteralPath '$csv' | New-MetricaChatEvent | Send-MetricaChatImport -CounterId 12345 -Force | Out-Null"
        $run.Output | Should -Match 'InvalidChatPlatform|icq'
        $run.Output | Should -Match 'read 4 = sent 3 \+ rejected 1 \+ not sent 0'
        $run.Output | Should -Match 'New-MetricaChatEvent rejected 1 of the rows read'
    }

    It 'keeps that reconciliation capturable in a runbook' {
        $csv = Join-Path $TestDrive 'captured.csv'
        New-TestExport -Path $csv -Rows 4 -Bad 2 | Out-Null
        Import-Csv -LiteralPath $csv | New-MetricaChatEvent -ErrorAction SilentlyContinue | Send-MetricaChatImport -CounterId 12345 -Force -InformationVariable info | Out-Null
        $summary = Get-Summary $info
        $summary.Read | Should -Be 4
        $summary.Sent | Should -Be 3
        $summary.Rejected | Should -Be 1
        $summary.RejectedByCode['InvalidChatPlatform'] | Should -Be 1
    }

    Context 'reading export files with -Path and -LiteralPath' {
        It 'uploads a file read by the engine''s reader' {
            $csv = Join-Path $TestDrive 'fast.csv'
            New-TestExport -Path $csv -Rows 5 | Out-Null
            $upload = Send-MetricaChatImport -Path $csv -CounterId 12345 -Force -InformationVariable info
            $upload.SourceQuantity | Should -Be 5
            (Get-Summary $info).Read | Should -Be 5
        }

        It 'gives the same errors and counts as Import-Csv | Send-MetricaChatImport' {
            $csv = Join-Path $TestDrive 'same.csv'
            New-TestExport -Path $csv -Rows 6 -Bad 2, 5 | Out-Null
            Send-MetricaChatImport -Path $csv -OutFile (Join-Path $TestDrive 'a.csv') -ErrorAction SilentlyContinue -ErrorVariable fromPath -InformationVariable pathInfo | Out-Null
            Import-Csv -LiteralPath $csv | Send-MetricaChatImport -OutFile (Join-Path $TestDrive 'b.csv') -ErrorAction SilentlyContinue -ErrorVariable fromPipeline -InformationVariable pipeInfo | Out-Null
            @($fromPath).Count | Should -Be 2
            @($fromPath | ForEach-Object FullyQualifiedErrorId) | Should -Be @($fromPipeline | ForEach-Object FullyQualifiedErrorId)
            @($fromPath | ForEach-Object { "$_" }) | Should -Be @($fromPipeline | ForEach-Object { "$_" })
            $a = Get-Summary $pathInfo
            $b = Get-Summary $pipeInfo
            "$($a.Read) $($a.Sent) $($a.Rejected) $($a.NotSent)" | Should -Be "$($b.Read) $($b.Sent) $($b.Rejected) $($b.NotSent)"
            Get-Content (Join-Path $TestDrive 'a.csv') -Raw | Should -Be (Get-Content (Join-Path $TestDrive 'b.csv') -Raw)
        }

        It 'detects a semicolon-delimited file, which Import-Csv reads only with -Delimiter' {
            $csv = Join-Path $TestDrive 'semicolon.csv'
            New-TestExport -Path $csv -Rows 3 -Delimiter ';' | Out-Null
            (Send-MetricaChatImport -Path $csv -CounterId 12345 -Force).SourceQuantity | Should -Be 3
        }

        It 'reads every file a wildcard matches as one import, and -LiteralPath takes brackets literally' {
            $folder = Join-Path $TestDrive 'many'
            New-Item -ItemType Directory -Path $folder | Out-Null
            New-TestExport -Path (Join-Path $folder 'one.csv') -Rows 2 | Out-Null
            New-TestExport -Path (Join-Path $folder 'two.csv') -Rows 3 -StartAt 10 | Out-Null
            (Send-MetricaChatImport -Path (Join-Path $folder '*.csv') -CounterId 12345 -Force).SourceQuantity | Should -Be 5
            $bracket = Join-Path $TestDrive 'export[1].csv'
            New-TestExport -Path $bracket -Rows 2 -StartAt 20 | Out-Null
            (Send-MetricaChatImport -LiteralPath $bracket -CounterId 12345 -Force).SourceQuantity | Should -Be 2
        }

        It 'writes the dry run with -OutFile, without a counter' {
            $csv = Join-Path $TestDrive 'dry.csv'
            New-TestExport -Path $csv -Rows 3 | Out-Null
            $written = @(Send-MetricaChatImport -Path $csv -OutFile (Join-Path $TestDrive 'dry-out.csv') -BatchSize 2)
            $written.Count | Should -Be 2
            Get-SandboxUpload -CounterId 12345 | Should -BeNullOrEmpty
        }

        It 'waits for processing with -Wait' {
            $csv = Join-Path $TestDrive 'wait.csv'
            New-TestExport -Path $csv -Rows 2 | Out-Null
            (Send-MetricaChatImport -Path $csv -CounterId 12345 -Wait -PollIntervalSec 1 -Force).Status | Should -BeIn @('PROCESSED', 'LINKAGE_FAILURE')
        }

        It 'sends nothing twice when the same file is sent again' {
            $csv = Join-Path $TestDrive 'resume.csv'
            New-TestExport -Path $csv -Rows 4 | Out-Null
            Send-MetricaChatImport -Path $csv -CounterId 12345 -BatchSize 2 -Force | Out-Null
            Send-MetricaChatImport -Path $csv -CounterId 12345 -BatchSize 2 -Force -InformationVariable again | Out-Null
            (Get-SandboxUpload -CounterId 12345).Count | Should -Be 2
            (Get-Summary $again).AlreadySent | Should -Be 4
        }

        It 'reports a file that does not exist, naming it' {
            $missing = Join-Path $TestDrive 'missing.csv'
            { Send-MetricaChatImport -LiteralPath $missing -CounterId 12345 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,*'
        }
    }
}
