# Every default view of the module's objects, rendered as an 80-column terminal shows it
# (Out-String -Width 80): no line runs past the edge, every column keeps its whole header on one
# line (no letter-by-letter wrapping, no dropped columns), and the values a user reads are whole
# (no 'TelegramSha' cut short). Long text (the calls window note, link URLs) is in list views.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    Connect-TestSandbox

    # The lines of $Text, trailing blanks removed, empty lines dropped.
    function Get-RenderedLine([string] $Text) {
        @($Text -split '\r?\n' | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
    }

    # Fails unless $Objects render as one table within 80 columns with exactly $Headers (in that
    # order, each whole on the header line) and every string of $Values appears whole.
    function Assert-Table80 {
        param($Objects, [string[]] $Headers, [string[]] $Values = @())
        $text = $Objects | Out-String -Width 80
        $lines = Get-RenderedLine $text
        $tooLong = @($lines | Where-Object { $_.Length -gt 79 })
        if ($tooLong) { throw "Lines wider than 79 columns:`n$($tooLong -join "`n")`nin:`n$text" }
        $rules = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i] -match '^[\s-]+$' -and $lines[$i] -match '-') { $i } })
        if ($rules.Count -ne 1 -or $rules[0] -ne 1) { throw "Expected one header line and one rule under it:`n$text" }
        $found = @($lines[0] -split '\s{1,}' | Where-Object { $_ })
        $expected = @($Headers | ForEach-Object { $_ -split ' ' })
        if (($found -join '|') -ne ($expected -join '|')) { throw "Headers '$($found -join ', ')', expected '$($Headers -join ', ')':`n$text" }
        foreach ($value in $Values) {
            if ($text.IndexOf($value, [System.StringComparison]::Ordinal) -lt 0) { throw "'$value' is not shown whole:`n$text" }
        }
    }

    # Fails unless $Objects render as a list within 80 columns holding every value of $Values
    # (a value longer than a line continues on the next lines, up to the last column).
    function Assert-List80 {
        param($Objects, [string[]] $Values)
        $text = $Objects | Out-String -Width 80
        $tooLong = @(Get-RenderedLine $text | Where-Object { $_.Length -gt 80 })
        if ($tooLong) { throw "Lines wider than 80 columns:`n$($tooLong -join "`n")" }
        $flat = $text -replace '\s', ''
        foreach ($value in $Values) {
            if ($flat.IndexOf(($value -replace '\s', ''), [System.StringComparison]::Ordinal) -lt 0) { throw "'$value' is not shown whole:`n$text" }
        }
    }
}

AfterAll {
    Disconnect-MetricaAccount -Profile viewtest -Forget -Force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    Connect-TestSandbox
}

Describe 'Default views at 80 columns' {
    It 'shows accounts with their storage and the whole endpoint' {
        Connect-MetricaAccount -Profile viewtest -Token (ConvertTo-SecureString 'view-test-token-0123456789' -AsPlainText -Force) -Save -AllowUnprotectedStore -Force -WarningAction SilentlyContinue | Out-Null
        $accounts = @(Get-MetricaAccount -Profile viewtest)
        Assert-Table80 $accounts -Headers 'Profile', 'Connected', 'Storage', 'Endpoint' -Values 'https://api-metrika.yandex.net/', $accounts[0].Storage
        Disconnect-MetricaAccount -Profile viewtest -Forget -Force -WarningAction SilentlyContinue
        Connect-TestSandbox
        Assert-Table80 @(Get-MetricaAccount) -Headers 'Profile', 'Connected', 'Storage', 'Endpoint' -Values $env:METRICA_TEST_ENDPOINT.TrimEnd('/')
    }

    It 'shows counters with their whole names and sites' {
        Assert-Table80 @(Get-MetricaCounter) -Headers 'Id', 'Name', 'Site', 'Permission', 'CallsWindow' -Values 'Sandbox counter 12345', 'sandbox-67890.example'
    }

    It 'shows chat events with time, messenger, partner and revenue' {
        $events = @(
            New-MetricaChatEvent -DateTime '2026-01-02T03:04:05Z' -ChatPlatform whatsapp -PhoneNumber '+7 900 123-45-67' -ClientId 1700000000123456789 -Revenue 1234567.89 -Currency RUB -RowNumber 1234567
            New-MetricaChatEvent -DateTime '2026-01-02T03:04:05Z' -ChatPlatform telegram -ChatUsername 'a_telegram_username_32_chars_ok' -WarningAction SilentlyContinue
        )
        Assert-Table80 $events -Headers 'Row', 'DateTime (UTC)', 'Messenger', 'Partner', 'Attributed', 'Revenue' -Values '1234567', '2026-01-02 03:04', 'WhatsApp', '+79001234567', '1234567.89 RUB'
    }

    It 'shows uploads with their final status and counts' {
        Reset-TestSandbox
        $upload = New-TestRow -Count 3 | Send-MetricaChatImport -CounterId 12345 -Comment 'Views at 80 columns' -Force |
            Get-MetricaChatImport -Wait -PollIntervalSec 1 -TimeoutSec 60
        Assert-Table80 @($upload) -Headers 'Id', 'Status', 'Created (UTC)', 'Rows', 'Accepted', 'Linked', 'Comment' -Values $upload.Status, ([string]$upload.Id)
        $upload.LinkedQuantity | Should -Be 3
        ($upload | Format-Table | Out-String -Width 80) | Should -Match ('(?m)^\s*{0}\s+PROCESSED\s+\S+ \S+\s+3\s+3\s+3\s' -f $upload.Id)
    }

    It 'shows goals with their whole names, source and which one is the Chat goal' {
        $goals = @(Get-MetricaGoal -CounterId 12345)
        Assert-Table80 $goals -Headers 'Id', 'CounterId', 'Name', 'Type', 'Source', 'Chat' -Values 'Chat', 'auto', ([string]$goals[0].Id)
    }

    It 'shows the calls window state in a table and its note only in the list view' {
        $state = Enable-MetricaCallsExtendedWindow -CounterId 67890 -Force -InformationAction SilentlyContinue
        Assert-Table80 @($state) -Headers 'CounterId', 'Enabled', 'VisitJoinThresholdDate', 'ChangeAcknowledged'
        ($state | Out-String -Width 80) | Should -Not -Match 'sessions that start from now on'
        Assert-List80 ($state | Format-List) -Values $state.Note
        Disable-MetricaCallsExtendedWindow -CounterId 67890 -Force -InformationAction SilentlyContinue | Out-Null
    }

    It 'shows every link kind whole, and the whole URL, as a list' {
        $links = @(
            New-MetricaChatLink -Messenger TelegramShare -Target 'https://shop.example/catalog/sofas/item-12345?color=grey' -TrackingId K7M2Q9XH4TPA
            New-MetricaChatLink -Messenger WhatsApp -Target '+7 900 123-45-67' -TrackingId K7M2Q9XH4TPA -Message 'Здравствуйте! Номер обращения: {tag}'
        )
        Assert-List80 $links -Values 'TelegramShare', $links[0].Url, $links[1].Url
    }

    It 'shows tracking id matches with their whole source' {
        $found = @('/start 23456789ABCD', 'Hello [#ref K7M2Q9XH4TPA]' | Find-MetricaChatTrackingId) +
            @([pscustomobject]@{ start_param = 'k7m2q9xh4tpa' } | Find-MetricaChatTrackingId)
        Assert-Table80 $found -Headers 'TrackingId', 'Source', 'IsAmbiguous', 'Raw' -Values 'StartCommand', 'StartParameter', 'K7M2Q9XH4TPA'
    }

    It 'shows joined chats with their whole link status and Metrica id' {
        $chats = @(
            [pscustomobject]@{ Timestamp = '2026-11-20T10:00:00Z'; Messenger = 'whatsapp'; Phone = '+79001234567'; Message = 'Hi [#ref K7M2Q9XH4TPA]' }
            [pscustomobject]@{ Timestamp = '2026-11-20T11:00:00Z'; Messenger = 'telegram'; TelegramId = '42'; ClientId = '1700000000987654321'; Message = 'Hi' }
        )
        $site = @(@{ TrackingId = 'K7M2Q9XH4TPA'; ClientId = '1700000000123456789' })
        $linked = $chats | Join-MetricaChatVisit -SiteRecord $site -WarningAction SilentlyContinue
        Assert-Table80 @($linked) -Headers 'Row', 'Messenger', 'LinkStatus', 'TrackingId', 'MetricaId' -Values 'AlreadyAttributed', '1700000000123456789', '1700000000987654321'
    }
}
