# One PowerShell session holds one copy of the module's engine. A second copy imported from
# another folder, or an upgrade imported in the same session, is refused with a clear error
# instead of running its cmdlets on the first copy's engine; the loaded copy keeps working.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    $script:loaded = Split-Path -Parent $env:METRICA_TEST_MODULE

    # A copy of the assembled module under $TestDrive, optionally with another version.
    function New-ModuleCopy([string] $Name, [string] $Version) {
        $copy = Join-Path $TestDrive "$Name/MetricaChats"
        New-Item -ItemType Directory -Path (Split-Path $copy) -Force | Out-Null
        Copy-Item -Path $script:loaded -Destination $copy -Recurse
        $manifest = Join-Path $copy 'MetricaChats.psd1'
        if ($Version) {
            (Get-Content $manifest -Raw) -replace "ModuleVersion\s*=\s*'[^']+'", "ModuleVersion          = '$Version'" | Set-Content $manifest -Encoding UTF8
        }
        return $manifest
    }
}

Describe 'A second copy of the module in the same session' {
    It 'refuses a copy from another folder, naming both folders' {
        $other = New-ModuleCopy -Name 'other'
        { Import-Module $other -ErrorAction Stop } | Should -Throw -ErrorId 'MetricaChatsAlreadyLoaded*'
        $error[0].ToString() | Should -Match ([regex]::Escape($script:loaded))
        $error[0].ToString() | Should -Match ([regex]::Escape((Split-Path $other)))
        $error[0].ToString() | Should -Match 'new PowerShell session'
    }

    It 'refuses an upgrade imported into the session that holds the old version' {
        $upgrade = New-ModuleCopy -Name 'upgrade' -Version '99.0.0'
        { Import-Module $upgrade -Force -ErrorAction Stop } | Should -Throw -ErrorId 'MetricaChatsAlreadyLoaded*'
    }

    It 'keeps the loaded copy whole and working after a refusal' {
        $modules = @(Get-Module MetricaChats)
        $modules.Count | Should -Be 1
        $modules[0].ModuleBase | Should -Be $script:loaded
        (Get-Command Send-MetricaChatImport).Module.ModuleBase | Should -Be $script:loaded
        New-MetricaChatTrackingId | Should -Match '^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$'
    }

    It 'imports the same copy again, also with -Force' {
        Import-Module $env:METRICA_TEST_MODULE -Force -ErrorAction Stop
        Remove-Module MetricaChats
        Import-Module $env:METRICA_TEST_MODULE -ErrorAction Stop
        New-MetricaChatTrackingId | Should -Not -BeNullOrEmpty
    }
}
