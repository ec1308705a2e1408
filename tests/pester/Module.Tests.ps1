BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    $script:module = Get-Module MetricaChats
    $script:manifest = Import-PowerShellDataFile $env:METRICA_TEST_MODULE
}

Describe 'The MetricaChats module' {
    It 'exports exactly the cmdlets its manifest lists' {
        $exported = @($module.ExportedCmdlets.Keys | Sort-Object)
        $exported | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        $exported.Count | Should -BeGreaterOrEqual 10
    }

    It 'uses only approved verbs' {
        $approved = (Get-Verb).Verb
        foreach ($name in $module.ExportedCmdlets.Keys) {
            ($name -split '-')[0] | Should -BeIn $approved
        }
    }

    It 'lists no third-party assembly in RequiredAssemblies' {
        @($manifest.RequiredAssemblies).Where({ $_ }) | Should -BeNullOrEmpty
    }

    It 'loads its engine from its own dependencies folder' {
        # Touch an engine type so the engine is loaded.
        New-MetricaChatEvent -DateTime ([DateTimeOffset]::UtcNow.AddHours(-1)) -ChatPlatform telegram -ChatUsername probe | Out-Null
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MetricaChats.Core' -and $_.Location } | Select-Object -First 1
        $core | Should -Not -BeNullOrEmpty
        $core.Location | Should -BeLike (Join-Path (Split-Path $env:METRICA_TEST_MODULE) 'dependencies*')
    }

    It 'loads the engine into a private AssemblyLoadContext on PowerShell 7' {
        if ($PSVersionTable.PSEdition -ne 'Core') {
            Set-ItResult -Skipped -Because 'Windows PowerShell 5.1 runs on .NET Framework, which has no AssemblyLoadContext (its resolver answers only the module''s own assemblies, tested above)'
            return
        }
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MetricaChats.Core' -and $_.Location } | Select-Object -First 1
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core).Name | Should -Be 'MetricaChats'
        Connect-TestSandbox
        Get-MetricaCounter | Out-Null   # the client's resilience pipeline loads Polly
        $polly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Polly.Core' } | Select-Object -First 1
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($polly).Name | Should -Be 'MetricaChats'
    }

    It 'has help for every cmdlet with at least two examples' {
        foreach ($name in $module.ExportedCmdlets.Keys) {
            $help = Get-Help $name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        }
    }

    It 'completes -ChatPlatform with the messengers' {
        $line = 'New-MetricaChatEvent -ChatPlatform te'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'telegram'
    }

    It 'can be removed and imported again in the same session' {
        Remove-Module MetricaChats
        Import-TestModule
        Get-Command Send-MetricaChatImport | Should -Not -BeNullOrEmpty
    }
}
