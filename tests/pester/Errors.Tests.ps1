# Error records a user reads: a stable id, a target naming what was wrong, a message without
# .NET's parameter-name suffix ("(Parameter 'secret')", "Parameter name: secret"), and a
# recommended action that fits that error (not the token advice for an endpoint problem).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule

    # Runs $Script (whose command has -ErrorAction Stop) and returns the error that stopped it.
    function Get-FirstError([scriptblock] $Script) {
        try { & $Script | Out-Null }
        catch { return $_ }
        throw 'The command wrote no error.'
    }

    function Assert-ReadableError($Record) {
        foreach ($text in @($Record.Exception.Message, $(if ($Record.ErrorDetails) { $Record.ErrorDetails.Message }))) {
            if ($text -match "\(Parameter '|Parameter name:") { throw "Error $($Record.FullyQualifiedErrorId) shows .NET's parameter text: $text" }
        }
        $Record.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }
}

AfterAll {
    Connect-TestSandbox
}

Describe 'Error records of the module' {
    It 'says what to do about an empty token, without .NET parameter text' {
        $record = Get-FirstError { Connect-MetricaAccount -Token ([System.Security.SecureString]::new()) -Endpoint $env:METRICA_TEST_ENDPOINT -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'InvalidToken,*'
        Assert-ReadableError $record
        "$record" | Should -Match 'empty'
        $record.ErrorDetails.RecommendedAction | Should -Match '-Token'
        $record.ErrorDetails.RecommendedAction | Should -Not -Match 'environment variable'
    }

    It 'names the refused endpoint and says which endpoints are allowed' {
        $record = Get-FirstError { Connect-MetricaAccount -Token (Get-TestToken) -Endpoint 'http://10.11.12.13:8080' -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'InvalidMetricaEndpoint,*'
        Assert-ReadableError $record
        "$($record.TargetObject)" | Should -Be 'http://10.11.12.13:8080/'
        $record.ErrorDetails.RecommendedAction | Should -Match '-Endpoint'
        $record.ErrorDetails.RecommendedAction | Should -Match '127\.0\.0\.1'
        $record.ErrorDetails.RecommendedAction | Should -Not -Match 'Read-Host|environment variable'
    }

    It 'names an unknown profile and says how to list or create profiles' {
        $record = Get-FirstError { Connect-MetricaAccount -Profile 'no-such-profile' -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'MetricaProfileNotFound,*'
        Assert-ReadableError $record
        $record.TargetObject | Should -Be 'no-such-profile'
        $record.ErrorDetails.RecommendedAction | Should -Match 'Get-MetricaAccount'
        $record.ErrorDetails.RecommendedAction | Should -Match '-Save'
    }

    It 'says how to name a profile when the name is not usable' {
        $record = Get-FirstError { Connect-MetricaAccount -Profile 'bad/name' -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'InvalidMetricaProfileName,*'
        Assert-ReadableError $record
        $record.TargetObject | Should -Be 'bad/name'
        $record.ErrorDetails.RecommendedAction | Should -Not -Match 'Read-Host|environment variable'
    }

    It 'says how to connect when nothing is connected' {
        Disconnect-MetricaAccount -WarningAction SilentlyContinue
        $record = Get-FirstError { Get-MetricaCounter -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
        Assert-ReadableError $record
        $record.ErrorDetails.RecommendedAction | Should -Match 'Connect-MetricaAccount'
        $record.ErrorDetails.RecommendedAction | Should -Match 'METRICA_TOKEN'
        Connect-TestSandbox
    }

    It 'explains a refused tracking id prefix without .NET parameter text' {
        $record = Get-FirstError { New-MetricaChatTrackingId -Prefix 'my shop' -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'InvalidTrackingIdFormat,*'
        Assert-ReadableError $record
        $record.TargetObject | Should -Be 'my shop'
        $record.ErrorDetails.RecommendedAction | Should -Match '-Prefix'
    }

    It 'explains a refused link target and message without .NET parameter text' {
        $target = Get-FirstError { New-MetricaChatLink -Messenger WhatsApp -Target '+7 900 CALL-NOW' -TrackingId K7M2Q9XH4TPA -ErrorAction Stop }
        $target.FullyQualifiedErrorId | Should -BeLike 'InvalidChatLinkTarget,*'
        Assert-ReadableError $target
        $target.ErrorDetails.RecommendedAction | Should -Match '-Target'

        $message = Get-FirstError { New-MetricaChatLink TelegramBot ShopHelpBot K7M2Q9XH4TPA -Message 'Hi' -ErrorAction Stop }
        $message.FullyQualifiedErrorId | Should -BeLike 'InvalidChatLinkMessage,*'
        Assert-ReadableError $message
        $message.ErrorDetails.RecommendedAction | Should -Match '-Message'
    }

    It 'explains refused tracking id options of Find- and Join-' {
        $find = Get-FirstError { 'hi' | Find-MetricaChatTrackingId -Prefix 'bad prefix' -ErrorAction Stop }
        $chat = [pscustomobject]@{ Timestamp = '2026-01-01T00:00:00Z'; Messenger = 'telegram'; ChatId = 1; Message = 'hi' }
        $join = Get-FirstError { $chat | Join-MetricaChatVisit -SiteRecord @(@{ TrackingId = 'K7M2Q9XH4TPA'; ClientId = '1700000000123456789' }) -Prefix 'bad prefix' -ErrorAction Stop }
        foreach ($record in $find, $join) {
            $record.FullyQualifiedErrorId | Should -BeLike 'InvalidTrackingIdOptions,*'
            Assert-ReadableError $record
            $record.TargetObject | Should -Be 'bad prefix'
            $record.ErrorDetails.RecommendedAction | Should -Match '-Prefix'
        }
    }

    It 'says where to find the site records when the file is missing' {
        $record = Get-FirstError { [pscustomobject]@{ Message = 'hi' } | Join-MetricaChatVisit -SitePath (Join-Path $TestDrive 'none.csv') -ErrorAction Stop }
        $record.FullyQualifiedErrorId | Should -BeLike 'SiteRecordsNotFound,*'
        Assert-ReadableError $record
        $record.ErrorDetails.RecommendedAction | Should -Match '-SiteRecord'
    }

    It 'gives API errors the action of their kind' {
        Connect-TestSandbox
        $denied = Get-FirstError { Get-MetricaCounter -CounterId 55555 -ErrorAction Stop }
        Assert-ReadableError $denied
        $denied.TargetObject | Should -Be 55555

        $missing = Get-FirstError { Get-MetricaChatImport -CounterId 12345 -UploadId 987654321 -ErrorAction Stop }
        $missing.FullyQualifiedErrorId | Should -BeLike 'MetricaNotFound,*'
        Assert-ReadableError $missing
        $missing.TargetObject | Should -Be 987654321
        $missing.ErrorDetails.RecommendedAction | Should -Match 'upload'
    }
}
