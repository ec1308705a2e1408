BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    Connect-TestSandbox
}

Describe 'Get-MetricaCounter' {
    It 'lists the counters the token can see' {
        $counters = @(Get-MetricaCounter)
        $counters.Id | Should -Contain 12345
        $counters.Id | Should -Contain 67890
        $counters[0].PSObject.TypeNames[0] | Should -Be 'MetricaChats.Core.Api.MetricaCounter'
    }

    It 'gets counters by id, also from the pipeline' {
        (Get-MetricaCounter -CounterId 67890).Id | Should -Be 67890
        @(12345, 67890 | Get-MetricaCounter).Count | Should -Be 2
    }

    It 'filters by name with wildcards' {
        $one = Get-MetricaCounter -CounterId 12345
        $pattern = $one.Name.Substring(0, [Math]::Min(3, $one.Name.Length)) + '*'
        (Get-MetricaCounter -Name $pattern).Id | Should -Contain 12345
        Get-MetricaCounter -Name 'no-counter-is-called-this*' | Should -BeNullOrEmpty
    }

    It 'carries a CounterId alias property for binding' {
        (Get-MetricaCounter -CounterId 12345).CounterId | Should -Be 12345
    }

    It 'reports a counter the token may not use as an error with the id as target' {
        Get-MetricaCounter -CounterId 55555 -ErrorAction SilentlyContinue -ErrorVariable denied | Should -BeNullOrEmpty
        $denied[0].TargetObject | Should -Be 55555
    }

    It 'completes -CounterId from the cached counters' {
        $line = 'Get-MetricaCallsExtendedWindow -CounterId 123'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain '12345'
    }
}
