# The real-shaped exports of tests/corpus imported end to end by the module into the sandbox
# (issue 13), and the column check of pipeline input (issue 12, defect 7). Valid on Windows
# PowerShell 5.1: no ??, no ternary; saved as UTF-8 with BOM (it holds Cyrillic text).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    Connect-TestSandbox
    $script:corpus = Join-Path $PSScriptRoot '../corpus'

    function Get-CorpusPath([string] $Name) { Join-Path $script:corpus $Name }

    # The 1251 Excel export as Windows PowerShell and PowerShell 7 both can read it.
    function Read-Excel1251 {
        $text = [System.IO.File]::ReadAllText((Get-CorpusPath 'excel-ru-1251.csv'), [System.Text.Encoding]::GetEncoding(1251))
        $text -split "`r?`n" | Where-Object { $_ } | ConvertFrom-Csv -Delimiter ';'
    }

    # Every row the sandbox stored must be the expected one, column by column.
    function Assert-CorpusRows([string] $Name) {
        $expected = @(Import-Csv -Path (Get-CorpusPath "$Name.expected.csv") -Encoding UTF8)
        $rows = @(Get-SandboxUpload -CounterId 12345 | ForEach-Object { $_.rows })
        $rows.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $expected.Count; $i++) {
            foreach ($column in $expected[$i].PSObject.Properties.Name) {
                $actual = $rows[$i].$column
                if ($null -eq $actual) { $actual = '' }
                "$Name row $($i + 1) $column = $actual" | Should -BeExactly "$Name row $($i + 1) $column = $($expected[$i].$column)"
            }
        }
    }
}

Describe 'Russian exports through the module' {
    BeforeEach { Reset-TestSandbox }

    It 'imports the Windows-1251 Excel export with -DefaultRegion and -TimeZone as the exact rows' {
        Read-Excel1251 | Send-MetricaChatImport -CounterId 12345 -DefaultRegion RU -TimeZone Europe/Moscow -Force -ErrorAction SilentlyContinue -ErrorVariable rowErrors -WarningVariable warnings 3>$null | Out-Null
        Assert-CorpusRows 'excel-ru-1251'
        @($rowErrors).Count | Should -Be 1
        $rowErrors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidChatPlatform,*'
        @($warnings | Where-Object { "$_" -match 'not chat fields' }).Count | Should -Be 1
        ($warnings | Where-Object { "$_" -match 'not chat fields' }) | Should -Match 'Менеджер'
    }

    It 'imports the Bitrix24-like export through New-MetricaChatEvent, naming its unused columns once' {
        Import-Csv -Path (Get-CorpusPath 'bitrix24-open-lines.csv') -Delimiter ';' -Encoding UTF8 |
            New-MetricaChatEvent -DefaultRegion RU -TimeZone Europe/Moscow -WarningVariable warnings 3>$null |
            Send-MetricaChatImport -CounterId 12345 -Force 3>$null | Out-Null
        Assert-CorpusRows 'bitrix24-open-lines'
        $unused = @($warnings | Where-Object { "$_" -match 'not chat fields' })
        $unused.Count | Should -Be 1
        $unused[0] | Should -Match 'ID, Ответственный'
    }

    It 'imports the amoCRM-like export with a Windows time zone id' {
        Import-Csv -Path (Get-CorpusPath 'amocrm-leads.csv') -Encoding UTF8 |
            Send-MetricaChatImport -CounterId 12345 -DefaultRegion RU -TimeZone 'Russian Standard Time' -Force 3>$null | Out-Null
        Assert-CorpusRows 'amocrm-leads'
    }

    It 'imports the Telegram bot log converted by ConvertFrom-Json' {
        Get-Content -Path (Get-CorpusPath 'telegram-bot.jsonl') -Encoding UTF8 | ConvertFrom-Json |
            Send-MetricaChatImport -CounterId 12345 -TimeZone Europe/Moscow -Force -WarningVariable warnings 3>$null | Out-Null
        Assert-CorpusRows 'telegram-bot'
        $unused = @($warnings | Where-Object { "$_" -match 'not chat fields' })
        ($unused -join ' ') | Should -Match 'start_param'
        ($unused -join ' ') | Should -Match 'text'
    }

    It 'rejects national numbers without -DefaultRegion, naming the parameter' {
        Import-Csv -Path (Get-CorpusPath 'bitrix24-open-lines.csv') -Delimiter ';' -Encoding UTF8 |
            Send-MetricaChatImport -CounterId 12345 -TimeZone Europe/Moscow -Force -ErrorAction SilentlyContinue -ErrorVariable rowErrors 3>$null | Out-Null
        $phone = @($rowErrors | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidPhoneNumber,*' })
        $phone.Count | Should -Be 1
        $phone[0].ErrorDetails.RecommendedAction | Should -Match '-DefaultRegion RU'
        $phone[0].ErrorDetails.RecommendedAction | Should -Not -Match '--default-region'
        @(Get-SandboxUpload -CounterId 12345 | ForEach-Object { $_.rows }).Count | Should -Be 3
    }

    It 'takes a [TimeZoneInfo] for -TimeZone' {
        $event = [pscustomobject]@{ Date = '02.11.2026 10:15'; Messenger = 'tg'; Username = 'ivan' } |
            New-MetricaChatEvent -TimeZone ([System.TimeZoneInfo]::Utc) 3>$null
        $event.DateTime | Should -Be ([DateTimeOffset]::new(2026, 11, 2, 10, 15, 0, [TimeSpan]::Zero))
    }

    It 'refuses an unknown region, zone or encoding before reading anything' {
        { New-MetricaChatEvent -DefaultRegion Russia } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { New-MetricaChatEvent -TimeZone 'Mars/Olympus' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Send-MetricaChatImport -CounterId 12345 -Encoding klingon -InputObject $null } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}

Describe 'The column check of pipeline input (issue 12, defect 7)' {
    BeforeEach { Reset-TestSandbox }

    It 'stops before sending anything when a semicolon export is read without -Delimiter, naming the cause' {
        $thrown = $null
        try {
            Import-Csv -Path (Get-CorpusPath 'bitrix24-open-lines.csv') -Encoding UTF8 |
                Send-MetricaChatImport -CounterId 12345 -Force -ErrorAction Stop 3>$null | Out-Null
        }
        catch { $thrown = $_ }
        $thrown | Should -Not -BeNullOrEmpty
        $thrown.FullyQualifiedErrorId | Should -BeLike 'NoKnownColumns,*'
        "$thrown" | Should -Match ([regex]::Escape("Import-Csv -Delimiter ';'"))
        Get-SandboxUpload -CounterId 12345 | Should -BeNullOrEmpty
    }

    It 'names the cause for New-MetricaChatEvent and Join-MetricaChatVisit too' {
        $row = [pscustomobject]@{ 'DateTime;ChatPlatform;PhoneNumber' = '02.11.2026 10:15;tg;+79120000000' }
        { $row | New-MetricaChatEvent -ErrorAction Stop } | Should -Throw -ErrorId 'NoKnownColumns,*'
        $site = [pscustomobject]@{ TrackingId = 'K7M2Q9XH4TPA'; ClientId = '1793600000123456701' }
        { $row | Join-MetricaChatVisit -SiteRecord $site -ErrorAction Stop } | Should -Throw -ErrorId 'NoKnownColumns,*'
    }

    It 'says a file read without a header line has none' {
        $row = [pscustomobject]@{ '02.11.2026 10:15' = '02.11.2026 11:40'; 'whatsapp' = 'telegram'; '+79120000000' = '+79120000001' }
        $thrown = $null
        try { $row | New-MetricaChatEvent -ErrorAction Stop | Out-Null } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'NoKnownColumns,*'
        $thrown.ErrorDetails.RecommendedAction | Should -Match 'Import-Csv -Header'
    }

    It 'rejects a later row without a chat field and sends the others, reconciling the counts' {
        $rows = @(New-TestRow -Count 2) + @([pscustomobject]@{ Foo = 'bar' })
        $rows | Send-MetricaChatImport -CounterId 12345 -Force -ErrorAction SilentlyContinue -ErrorVariable rowErrors -InformationVariable info 3>$null | Out-Null
        @($rowErrors | Where-Object { $_.FullyQualifiedErrorId -like 'NoKnownColumns,*' }).Count | Should -Be 1
        $summary = $info | Where-Object { $_.Tags -contains 'Summary' } | Select-Object -Last 1
        $summary.MessageData.Read | Should -Be 3
        $summary.MessageData.Sent | Should -Be 2
        $summary.MessageData.Rejected | Should -Be 1
    }

    It 'does not report the properties of the module''s own output as unused' {
        New-TestRow -Count 2 | New-MetricaChatEvent 3>$null | Send-MetricaChatImport -CounterId 12345 -Force -WarningVariable warnings 3>$null | Out-Null
        @($warnings | Where-Object { "$_" -match 'not chat fields' }).Count | Should -Be 0
    }

    It 'says once that -Encoding does nothing for pipeline objects' {
        New-TestRow -Count 3 | New-MetricaChatEvent -Encoding windows-1251 -WarningVariable warnings 3>$null | Out-Null
        @($warnings | Where-Object { "$_" -match 'Encoding applies to files' }).Count | Should -Be 1
    }
}

Describe 'New-MetricaChatLink and phone numbers' {
    It 'reads a national number in -DefaultRegion' {
        (New-MetricaChatLink -Messenger WhatsApp -Target '8 (912) 000-00-00' -TrackingId K7M2Q9XH4TPA -DefaultRegion RU).Url |
            Should -BeLike 'https://wa.me/79120000000?text=*'
    }

    It 'refuses it without -DefaultRegion, naming the parameter' {
        $thrown = $null
        try { New-MetricaChatLink -Messenger WhatsApp -Target '8 (912) 000-00-00' -TrackingId K7M2Q9XH4TPA -ErrorAction Stop } catch { $thrown = $_ }
        $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidChatLinkTarget,*'
        "$thrown" | Should -Match '-DefaultRegion RU'
        "$thrown" | Should -Not -Match 'Parameter'
    }
}
