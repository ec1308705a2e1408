BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    Connect-TestSandbox
    Reset-TestSandbox
    $script:sent = @(New-TestRow -Count 3 | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force)
}

Describe 'Get-MetricaChatImport' {
    It 'lists the recent uploads of a counter' {
        $list = @(Get-MetricaChatImport -CounterId 12345)
        $list.Count | Should -BeGreaterOrEqual 2
        $list.Id | Should -Contain $sent[0].Id
    }

    It 'takes upload objects from Send-MetricaChatImport by property name' {
        $again = @($sent | Get-MetricaChatImport)
        $again.Id | Should -Be $sent.Id
    }

    It 'follows uploads until they are final with -Wait' {
        $final = @($sent | Get-MetricaChatImport -Wait -PollIntervalSec 1)
        $final | ForEach-Object { $_.Status | Should -BeIn @('PROCESSED', 'LINKAGE_FAILURE') }
    }

    It 'lists the uploads of counters piped from Get-MetricaCounter' {
        $list = @(Get-MetricaCounter -CounterId 12345 | Get-MetricaChatImport -Limit 1)
        $list.Count | Should -Be 1
        $list[0].CounterId | Should -Be 12345
    }

    It 'reports an unknown upload as a non-terminating error with the id as target' {
        Get-MetricaChatImport -CounterId 12345 -UploadId 999999999 -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'MetricaNotFound*'
        $missing[0].TargetObject | Should -Be 999999999
    }

    It 'gives up after -TimeoutSec with a WaitTimedOut error' {
        Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/quotas" -ContentType 'application/json' -Body '{"processing_seconds":3600}' | Out-Null
        try {
            $slow = New-TestRow -Count 1 -StartAt 50 | Send-MetricaChatImport -CounterId 12345 -Force
            $slow | Get-MetricaChatImport -Wait -PollIntervalSec 1 -TimeoutSec 2 -ErrorAction SilentlyContinue -ErrorVariable timedOut | Should -BeNullOrEmpty
            $timedOut[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut*'
            $timedOut[0].ErrorDetails.RecommendedAction | Should -Match 'Get-MetricaChatImport -Wait'
        }
        finally {
            Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/quotas" -ContentType 'application/json' -Body '{"processing_seconds":1}' | Out-Null
        }
    }
}
