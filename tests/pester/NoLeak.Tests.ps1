# The no-leak guarantee in real PowerShell: every cmdlet that talks to Metrica is run against the
# sandbox with -Verbose and debug output on, successful and failing, and everything it produced
# is scanned for the token and its first 8 characters: all streams (*>&1), errors (message,
# exception chain, Data, details, recommended action, target), output objects (Format-List and
# JSON), information records, every file written, and the sandbox's request log.
# Debug output is turned on with $DebugPreference = 'Continue', not -Debug: in Windows
# PowerShell 5.1, -Debug sets Inquire and would prompt.
# A failing scan names where the token was found, never the token (a Should -Not -Match would
# print the scanned text, token included, into the test log).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule

    # The sandbox's token (run.ps1) and one it does not know; both must stay out of everything.
    $script:wrongToken = 'y0_Zr4vPesterWrongToken7c1Q9m3TxY'
    $script:secrets = @($env:METRICA_TEST_TOKEN, $script:wrongToken)

    function Get-WrongToken {
        ConvertTo-SecureString -String $script:wrongToken -AsPlainText -Force
    }

    # Throws naming $Where when $Text holds a secret or its first 8 characters. Never prints the secret.
    function Assert-NoTokenIn {
        param([AllowEmptyString()][AllowNull()][string] $Text, [string] $Where)
        if ([string]::IsNullOrEmpty($Text)) { return }
        for ($i = 0; $i -lt $script:secrets.Count; $i++) {
            $prefix = $script:secrets[$i].Substring(0, 8)
            if ($Text.IndexOf($prefix, [System.StringComparison]::Ordinal) -ge 0) {
                $what = if ($Text.IndexOf($script:secrets[$i], [System.StringComparison]::Ordinal) -ge 0) { 'the token' } else { "the token's first 8 characters" }
                throw "Leak: $what (secret #$($i + 1)) found in $Where."
            }
        }
    }

    # Everything a person or a transcript could see of one item of a merged stream.
    function ConvertTo-LeakText {
        param($Item)
        if ($null -eq $Item) { return '' }
        $parts = [System.Collections.Generic.List[string]]::new()
        $parts.Add([string]$Item)
        if ($Item -is [System.Management.Automation.ErrorRecord]) {
            $parts.Add([string]$Item.FullyQualifiedErrorId)
            $parts.Add([string]$Item.CategoryInfo)
            $parts.Add([string]$Item.TargetObject)
            if ($Item.ErrorDetails) {
                $parts.Add([string]$Item.ErrorDetails.Message)
                $parts.Add([string]$Item.ErrorDetails.RecommendedAction)
            }
            if ($Item.InvocationInfo) { $parts.Add([string]$Item.InvocationInfo.PositionMessage) }
            for ($e = $Item.Exception; $null -ne $e; $e = $e.InnerException) {
                $parts.Add($e.ToString())
                foreach ($key in $e.Data.Keys) { $parts.Add("$key=$($e.Data[$key])") }
            }
            $parts.Add(($Item | Format-List * -Force | Out-String -Width 400))
        }
        elseif ($Item -is [System.Management.Automation.InformationRecord]) {
            $parts.Add([string]$Item.MessageData)
            $parts.Add(($Item.MessageData | Format-List * -Force | Out-String -Width 400))
        }
        elseif ($Item -is [System.Management.Automation.InformationalRecord]) {
            # Verbose, debug and warning records.
            $parts.Add($Item.Message)
        }
        elseif ($Item -is [System.IO.FileSystemInfo]) {
            $parts.Add($Item.FullName)
        }
        else {
            $parts.Add(($Item | Format-List * -Force | Out-String -Width 400))
            $parts.Add((ConvertTo-Json -InputObject $Item -Depth 3 -Compress -WarningAction SilentlyContinue))
        }
        $parts -join "`n"
    }

    # Runs each step with verbose, debug, information and warning output on, and returns every
    # record of every stream (terminating errors included) with its text. Each step runs on its
    # own, so a terminating error ends only that step; the steps share one scope (dot-sourced),
    # so a step can use what an earlier one assigned.
    function Invoke-Captured {
        param([Parameter(Mandatory)][scriptblock[]] $Step)
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        $InformationPreference = 'Continue'
        $WarningPreference = 'Continue'
        $ErrorActionPreference = 'Continue'
        $records = [System.Collections.Generic.List[object]]::new()
        foreach ($block in $Step) {
            try {
                . $block *>&1 | ForEach-Object { $records.Add($_) }
            }
            catch {
                $records.Add($_)
            }
        }
        [pscustomobject]@{
            Records = $records.ToArray()
            Text    = ($records | ForEach-Object { ConvertTo-LeakText $_ }) -join "`n"
        }
    }

    # A file's bytes as UTF-8 and as UTF-16LE (at both alignments).
    function Get-FileLeakText {
        param([string] $Path)
        $bytes = [System.IO.File]::ReadAllBytes($Path)
        $odd = if ($bytes.Length -gt 1) { [System.Text.Encoding]::Unicode.GetString($bytes, 1, $bytes.Length - 1) } else { '' }
        [System.Text.Encoding]::UTF8.GetString($bytes) + "`n" + [System.Text.Encoding]::Unicode.GetString($bytes) + "`n" + $odd
    }

    function Assert-NoTokenInFiles {
        param([string] $Directory, [string[]] $Exclude)
        if (-not (Test-Path $Directory)) { return }
        $listing = @{ Path = $Directory; Recurse = $true; File = $true; Force = $true }
        if ($Exclude) { $listing.Exclude = $Exclude }
        foreach ($file in Get-ChildItem @listing) {
            Assert-NoTokenIn (Get-FileLeakText $file.FullName) "the file $($file.FullName)"
        }
    }

    function Assert-NoTokenInSandboxLog {
        $log = (Invoke-WebRequest -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/requests" -UseBasicParsing).Content
        $log | Should -Not -BeNullOrEmpty
        Assert-NoTokenIn $log 'the sandbox request log (/_sandbox/requests)'
        Assert-NoTokenIn (Invoke-WebRequest -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/uploads" -UseBasicParsing).Content 'the sandbox uploads (/_sandbox/uploads)'
    }

    function Set-SandboxFaults([string] $Json) {
        Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/faults" -ContentType 'application/json' -Body $Json | Out-Null
    }

    function Set-SandboxQuotas([string] $Json) {
        Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/quotas" -ContentType 'application/json' -Body $Json | Out-Null
    }
}

AfterAll {
    Set-SandboxFaults '{"clear":true}'
    Set-SandboxQuotas '{"daily_per_token":5000}'
    Remove-Item Env:\METRICA_TOKEN -ErrorAction SilentlyContinue
    Disconnect-MetricaAccount -Profile pesterleak -Forget -Force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    Disconnect-MetricaAccount -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
}

Describe 'No token in any output, error or file' {
    BeforeEach {
        Reset-TestSandbox
        Disconnect-MetricaAccount -WarningAction SilentlyContinue
    }

    It 'leaks nothing when every cmdlet succeeds with -Verbose and debug output on' {
        $ledger = Join-Path $TestDrive 'ledger.db'
        $preview = Join-Path $TestDrive 'preview.csv'
        $run = Invoke-Captured @(
            { Connect-MetricaAccount -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT -Verbose }
            { Get-MetricaAccount -Verbose }
            { Get-MetricaCounter -Verbose }
            { Get-MetricaCounter -CounterId 12345 -Verbose }
            { $rows = @(New-TestRow -Count 5); $rows[4].Messenger = 'icq' }
            { $events = @($rows | New-MetricaChatEvent -Verbose); $events }
            { $uploads = @($events | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Comment 'leak test' -LedgerPath $ledger -Wait -PollIntervalSec 1 -Force -Verbose); $uploads }
            { $rows | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -LedgerPath $ledger -Force -Verbose }
            { Get-MetricaChatImportHistory -LedgerPath $ledger -Verbose }
            { $rows | Send-MetricaChatImport -OutFile $preview -BatchSize 2 -Verbose }
            { $uploads | Get-MetricaChatImport -Verbose }
            { $uploads | Get-MetricaChatImport -Wait -PollIntervalSec 1 -Verbose }
            { Get-MetricaChatImport -CounterId 12345 -Limit 5 -Verbose }
            { Get-MetricaGoal -CounterId 12345 -Verbose }
            { $uploads | Get-MetricaGoal -Chat -Verbose }
            { Get-MetricaCallsExtendedWindow -CounterId 12345 -Verbose }
            { Enable-MetricaCallsExtendedWindow -CounterId 12345 -Force -Verbose }
            { Get-MetricaCounter | Get-MetricaCallsExtendedWindow -Verbose }
            { Disable-MetricaCallsExtendedWindow -CounterId 12345 -Force -Verbose }
            { Disconnect-MetricaAccount -PassThru -Verbose }
        )

        @($run.Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        @($run.Records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }).Count | Should -BeGreaterThan 0
        @(Get-SandboxUpload -CounterId 12345).Count | Should -BeGreaterOrEqual 2
        Assert-NoTokenIn $run.Text 'the streams of the successful run'
        Assert-NoTokenInFiles $TestDrive
        Assert-NoTokenInSandboxLog
    }

    It 'leaks nothing through retried faults, unknown counters and uploads, and a daily-quota stop' {
        Connect-TestSandbox
        Set-SandboxFaults '{"force_next":["InternalServerError","AppliedThenReset","DropConnection"]}'
        $retried = Invoke-Captured @(
            { New-TestRow -Count 4 | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force -Verbose }
            { Get-MetricaCounter -Verbose }
        )
        Set-SandboxFaults '{"clear":true}'
        $refused = Invoke-Captured @(
            { Get-MetricaCounter -CounterId 99999 -Verbose }
            { Get-MetricaChatImport -CounterId 12345 -UploadId 999999999 -Verbose }
            { Get-MetricaChatImport -CounterId 55555 -Verbose }
            { Enable-MetricaCallsExtendedWindow -CounterId 55555 -Force -Verbose }
            { Get-MetricaCallsExtendedWindow -CounterId 55555 -Verbose }
            { New-TestRow -Count 1 | Send-MetricaChatImport -CounterId 55555 -Force -Verbose }
        )
        $log = (Invoke-WebRequest -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/requests" -UseBasicParsing).Content
        Reset-TestSandbox
        Set-SandboxQuotas '{"daily_per_token":1}'
        try {
            $quota = Invoke-Captured @(
                { New-TestRow -Count 3 | Send-MetricaChatImport -CounterId 12345 -BatchSize 1 -Force -Verbose }
                { Get-MetricaCounter -Verbose }
            )
        }
        finally {
            Set-SandboxQuotas '{"daily_per_token":5000}'
        }

        @($refused.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -BeGreaterThan 3
        $quota.Text | Should -Match 'quota'
        Assert-NoTokenIn $retried.Text 'the streams of the run with retried faults'
        Assert-NoTokenIn $refused.Text 'the errors about unknown counters and uploads'
        Assert-NoTokenIn $quota.Text 'the streams of the daily-quota stop'
        Assert-NoTokenIn $log 'the sandbox request log of the faults'
        Assert-NoTokenInSandboxLog
    }

    It 'leaks neither a wrong token nor the good one through refusals and bad endpoints' {
        $run = Invoke-Captured @(
            { Connect-MetricaAccount -Token (Get-WrongToken) -Endpoint $env:METRICA_TEST_ENDPOINT -Verbose }
            { Get-MetricaCounter -Verbose }
            { Get-MetricaCounter -CounterId 12345 -Verbose }
            { New-TestRow -Count 2 | Send-MetricaChatImport -CounterId 12345 -Force -Verbose }
            { Get-MetricaChatImport -CounterId 12345 -Verbose }
            { Get-MetricaCallsExtendedWindow -CounterId 12345 -Verbose }
            { Enable-MetricaCallsExtendedWindow -CounterId 12345 -Force -Verbose }
            { Disable-MetricaCallsExtendedWindow -CounterId 12345 -Force -Verbose }
        )
        $endpoints = Invoke-Captured @(
            { Connect-MetricaAccount -Token (Get-TestToken) -Endpoint 'http://metrica.example' -Verbose }
            { Connect-MetricaAccount -Token (Get-TestToken) -Endpoint ('https://user:' + $script:wrongToken + '@metrica.example') -Verbose }
            { Connect-MetricaAccount -Token (ConvertTo-SecureString -String ($script:wrongToken.Substring(0, 12) + ' ' + $script:wrongToken.Substring(12)) -AsPlainText -Force) -Endpoint $env:METRICA_TEST_ENDPOINT -Verbose }
        )

        $run.Text | Should -Match '401'
        @($run.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -BeGreaterOrEqual 6
        @($endpoints.Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -BeGreaterOrEqual 3
        @(Get-SandboxUpload -CounterId 12345).Count | Should -Be 0
        Assert-NoTokenIn $run.Text 'the streams of the wrong-token run'
        Assert-NoTokenIn $endpoints.Text 'the errors about refused endpoints and a malformed token'
        Assert-NoTokenInSandboxLog
    }

    It 'leaks nothing with METRICA_TOKEN, a PSCredential and a saved profile, nor in the profile files' {
        $env:METRICA_TOKEN = $env:METRICA_TEST_TOKEN
        try {
            $environment = Invoke-Captured @(
                { Connect-MetricaAccount -Endpoint $env:METRICA_TEST_ENDPOINT -Verbose }
                { Get-MetricaCounter -Verbose }
                { Disconnect-MetricaAccount -Verbose }
                { $env:METRICA_ENDPOINT = $env:METRICA_TEST_ENDPOINT }
                { Get-MetricaCounter -CounterId 12345 -Verbose }   # connects on its own from METRICA_TOKEN
            )
        }
        finally {
            Remove-Item Env:\METRICA_TOKEN, Env:\METRICA_ENDPOINT -ErrorAction SilentlyContinue
        }
        Disconnect-MetricaAccount -WarningAction SilentlyContinue

        $profiles = Invoke-Captured @(
            { Connect-MetricaAccount -Credential ([pscredential]::new('robot', (Get-TestToken))) -Endpoint $env:METRICA_TEST_ENDPOINT -Verbose }
            { Connect-MetricaAccount -Profile pesterleak -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT -Save -AllowUnprotectedStore -Force -Verbose }
            { Get-MetricaAccount -Verbose }
            { Get-MetricaAccount -Profile pesterleak -Verbose }
            { Disconnect-MetricaAccount -Profile pesterleak -Verbose }
            { Connect-MetricaAccount -Profile pesterleak -Verbose }
            { Get-MetricaCounter -CounterId 12345 -Verbose }
            { Get-MetricaAccount -Profile nobody -Verbose }
            { Connect-MetricaAccount -Profile nobody -Verbose }
        )
        # The opt-in plain file holds the token by design (owner-only, flagged unprotected); nothing else may.
        Assert-NoTokenInFiles $env:METRICA_CONFIG_DIR -Exclude '*.unprotected-token'
        $forget = Invoke-Captured @({ Disconnect-MetricaAccount -Profile pesterleak -Forget -Force -Verbose })

        @($environment.Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        Assert-NoTokenIn $environment.Text 'the streams of the METRICA_TOKEN run'
        Assert-NoTokenIn $profiles.Text 'the streams of the credential and profile run'
        Assert-NoTokenIn $forget.Text 'the streams of Disconnect-MetricaAccount -Forget'
        Assert-NoTokenInFiles $env:METRICA_CONFIG_DIR
        Assert-NoTokenInSandboxLog
    }
}
