# Tab completion of the values a user cannot guess: counter names for Get-MetricaCounter -Name,
# the counter's recent upload ids for Get-MetricaChatImport -UploadId (never file names).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    Connect-TestSandbox

    function Get-Completion([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }
}

Describe 'Argument completion' {
    It 'completes Get-MetricaCounter -Name with the counter names, quoted' {
        $found = Get-Completion 'Get-MetricaCounter -Name '
        $found.CompletionText | Should -Contain "'Sandbox counter 12345'"
        $found.CompletionText | Should -Contain "'Sandbox counter 67890'"
        @($found | Where-Object ResultType -eq 'ProviderItem') | Should -BeNullOrEmpty
    }

    It 'completes -Name from what was typed, in any case' {
        $found = Get-Completion 'Get-MetricaCounter -Name sandbox*678'
        $found.CompletionText | Should -Be @("'Sandbox counter 67890'")
    }

    It 'completes Get-MetricaChatImport -UploadId with the recent uploads of the counter given' {
        Reset-TestSandbox
        $uploads = @(New-TestRow -Count 2 | Send-MetricaChatImport -CounterId 67890 -Comment 'completion test' -Force)
        $found = Get-Completion 'Get-MetricaChatImport -CounterId 67890 -UploadId '
        $found.CompletionText | Should -Contain ([string]$uploads[0].Id)
        ($found | Where-Object CompletionText -eq ([string]$uploads[0].Id)).ToolTip | Should -Match 'completion test'
        @($found | Where-Object ResultType -eq 'ProviderItem') | Should -BeNullOrEmpty
    }
}
