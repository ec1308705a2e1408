BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    Connect-TestSandbox
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

    It 'writes the reconciled summary to the information stream' {
        $rows = @(New-TestRow -Count 4)
        $rows[0].Messenger = 'icq'
        $rows | Send-MetricaChatImport -CounterId 12345 -Force -ErrorAction SilentlyContinue -InformationVariable info | Out-Null
        $summary = $info | Where-Object { $_.Tags -contains 'Summary' } | Select-Object -Last 1
        $summary.MessageData.Read | Should -Be 4
        $summary.MessageData.Sent | Should -Be 3
        $summary.MessageData.Rejected | Should -Be 1
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

    It 'sends only the missing batches again with -StateFile' {
        $state = Join-Path $TestDrive 'state.json'
        $rows = @(New-TestRow -Count 4)
        $rows | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -StateFile $state -Force | Out-Null
        $rows | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -StateFile $state -Force | Out-Null
        (Get-SandboxUpload -CounterId 12345).Count | Should -Be 2
    }
}
