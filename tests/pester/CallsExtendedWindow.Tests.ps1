BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    Connect-TestSandbox
}

Describe 'Get-, Enable- and Disable-MetricaCallsExtendedWindow' {
    BeforeEach { Reset-TestSandbox }

    It 'reads the state' {
        $state = Get-MetricaCallsExtendedWindow -CounterId 12345
        $state.PSObject.TypeNames[0] | Should -Be 'MetricaChats.Core.Api.CallsExtendedWindowState'
        $state.Enabled | Should -BeFalse
    }

    It 'enables the window and says it applies from now on and grows to 21 days' {
        $state = Enable-MetricaCallsExtendedWindow -CounterId 12345 -Force
        $state.Enabled | Should -BeTrue
        $state.Note | Should -Match 'from now on'
        $state.Note | Should -Match '21 days'
        (Get-MetricaCallsExtendedWindow -CounterId 12345).Enabled | Should -BeTrue
    }

    It 'takes counters from Get-MetricaCounter' {
        $states = @(Get-MetricaCounter | Enable-MetricaCallsExtendedWindow -Force)
        $states.CounterId | Should -Contain 12345
        $states.CounterId | Should -Contain 67890
        @(Get-MetricaCounter | Get-MetricaCallsExtendedWindow | Where-Object Enabled).Count | Should -Be $states.Count
    }

    It 'changes nothing with -WhatIf' {
        Enable-MetricaCallsExtendedWindow -CounterId 12345 -WhatIf | Should -BeNullOrEmpty
        (Get-MetricaCallsExtendedWindow -CounterId 12345).Enabled | Should -BeFalse
    }

    It 'disables the window with -Force without prompting' {
        Enable-MetricaCallsExtendedWindow -CounterId 12345 -Force | Out-Null
        $state = Disable-MetricaCallsExtendedWindow -CounterId 12345 -Force
        $state.Enabled | Should -BeFalse
        $state.Note | Should -Match '16-hour'
    }

    It 'reports a counter the token may not use as a non-terminating error' {
        Enable-MetricaCallsExtendedWindow -CounterId 55555 -Force -ErrorAction SilentlyContinue -ErrorVariable denied | Should -BeNullOrEmpty
        $denied[0].TargetObject | Should -Be 55555
    }
}
