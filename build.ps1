#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, assembles and packages the MetricaChats PowerShell module.

.DESCRIPTION
    Tasks (run in this order by 'All'):
      Build     dotnet build of the solution.
      Test      Every test: dotnet test of the solution (xunit), then Assemble, then the Pester
                tests in tests/pester against the assembled module and a local sandbox, in a
                child process of the same PowerShell (tests/pester/run.ps1 restores the pinned
                Pester from NuGet). Ends with one line "N passed, N failed, N skipped" counting
                both runners (also written to out/test-totals.txt as "N N N"); exits 1 when any
                test failed. The README's test command is
                    dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Test
                (PowerShell 7.6.9 pinned in .config/dotnet-tools.json).
      Assemble  out/MetricaChats/: the manifest, the loader script, format and type data, the
                cmdlet assembly at the root, the loader per edition in loader/<framework>/, the
                engine and every third-party library in dependencies/ (resolved by the loader,
                never listed in RequiredAssemblies), the native SQLite library per platform
                in dependencies/runtimes/<rid>/native, and the help in en-US/: MAML and about
                topics from docs/en-US, made by platyPS where it is installed and otherwise by
                tools/help/HelpBuilder.ps1.
      Package   out/packages/MetricaChats.<version>.nupkg, published to a local folder
                repository (nothing leaves the machine); checked to carry the help.

.EXAMPLE
    ./build.ps1                      # everything
.EXAMPLE
    ./build.ps1 -Task Assemble       # only lay out out/MetricaChats
.EXAMPLE
    ./build.ps1 -Task Test           # every test (xunit and Pester), one totals line
.EXAMPLE
    ./build.ps1 -Task Test -SkipPester
#>
[CmdletBinding()]
param(
    [ValidateSet('All', 'Build', 'Test', 'Assemble', 'Package')]
    [string[]] $Task = 'All',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [switch] $SkipPester
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'MetricaChats'
$packagesOut = Join-Path $out 'packages'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

# A simple function (no [Parameter] attribute, so not an advanced function): its arguments
# arrive in $args untouched. As an advanced function, dotnet's '-o' was taken for a prefix of
# the common parameters -OutVariable/-OutBuffer and the call failed as ambiguous.
function Invoke-Dotnet {
    $Arguments = [string[]] $args
    Write-Host "dotnet $($Arguments -join ' ')" -ForegroundColor Cyan
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'MetricaChats.sln') -c $Configuration
}

function Invoke-Assemble {
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $staging = Join-Path $out 'staging'
    if (Test-Path $staging) { Remove-Item $staging -Recurse -Force }

    # The cmdlet assembly and everything it needs (engine + third-party libraries).
    $cmdlets = Join-Path $staging 'cmdlets'
    Invoke-Dotnet publish (Join-Path $root 'src/MetricaChats/MetricaChats.csproj') -c $Configuration -o $cmdlets
    # The loader, once per edition.
    foreach ($framework in 'net8.0', 'netstandard2.0') {
        Invoke-Dotnet publish (Join-Path $root 'src/MetricaChats.Loader/MetricaChats.Loader.csproj') -c $Configuration -f $framework -o (Join-Path $staging "loader/$framework")
    }

    $dependencies = Join-Path $moduleOut 'dependencies'
    New-Item -ItemType Directory -Path $dependencies -Force | Out-Null
    foreach ($framework in 'net8.0', 'netstandard2.0') {
        $target = Join-Path $moduleOut "loader/$framework"
        New-Item -ItemType Directory -Path $target -Force | Out-Null
        Copy-Item (Join-Path $staging "loader/$framework/MetricaChats.Loader.dll") $target
    }

    Copy-Item (Join-Path $cmdlets 'MetricaChats.dll') $moduleOut
    Get-ChildItem $cmdlets -Filter *.dll |
        Where-Object { $_.Name -ne 'MetricaChats.dll' -and $_.Name -ne 'System.Management.Automation.dll' } |
        Copy-Item -Destination $dependencies
    # The ledger's native SQLite library for each platform (runtimes/<rid>/native); the loader
    # loads the one for the running platform from here.
    Copy-Item (Join-Path $cmdlets 'runtimes') $dependencies -Recurse

    foreach ($file in 'MetricaChats.psd1', 'MetricaChats.psm1', 'MetricaChats.Format.ps1xml', 'MetricaChats.Types.ps1xml', 'LICENSE') {
        Copy-Item (Join-Path $root $file) $moduleOut
    }

    # Help (MAML for the cmdlets, about topics) from docs/en-US: by platyPS where it is
    # installed, else by the build's own generator, so every module and package carries it.
    $helpSource = Join-Path $root 'docs/en-US'
    $helpOut = Join-Path $moduleOut 'en-US'
    $platyPS = Get-Module -ListAvailable -Name platyPS | Sort-Object Version -Descending | Select-Object -First 1
    if ($platyPS) {
        Import-Module $platyPS -Force
        New-ExternalHelp -Path $helpSource -OutputPath $helpOut -Force | Out-Null
        Write-Host "Help: platyPS $($platyPS.Version)" -ForegroundColor Cyan
    }
    else {
        . (Join-Path $root 'tools/help/HelpBuilder.ps1')
        New-ModuleHelp -SourcePath $helpSource -OutputPath $helpOut | Out-Null
        Write-Host 'Help: tools/help/HelpBuilder.ps1 (platyPS is not installed)' -ForegroundColor Cyan
    }
    Assert-ModuleHelp -Path $helpOut

    Remove-Item $staging -Recurse -Force
    $manifest = Test-ModuleManifest -Path (Join-Path $moduleOut 'MetricaChats.psd1')
    Write-Host "Assembled $($manifest.Name) $($manifest.Version) in $moduleOut" -ForegroundColor Green
}

# The help files every assembled module and package must carry (a missing file stops the build).
function Assert-ModuleHelp([string] $Path, [string[]] $Present) {
    $expected = @('MetricaChats.dll-Help.xml') + @(Get-ChildItem (Join-Path $root 'docs/en-US') -Filter 'about_*.md' | ForEach-Object { $_.BaseName + '.help.txt' })
    if (-not $Present) { $Present = @(Get-ChildItem $Path -File -ErrorAction SilentlyContinue | ForEach-Object Name) }
    $missing = @($expected | Where-Object { $Present -notcontains $_ })
    if ($missing.Count -gt 0) { throw "The help is incomplete in $Path; missing: $($missing -join ', ')." }
}

# Counts of one TRX file per test project: passed, failed (failed, error, timeout, aborted), skipped.
function Read-TrxCount([string] $Directory) {
    $counts = @{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($file in @(Get-ChildItem $Directory -Filter '*.trx' -ErrorAction SilentlyContinue)) {
        $c = ([xml](Get-Content -Raw $file.FullName)).TestRun.ResultSummary.Counters
        $failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
        $counts.Passed += [int]$c.passed
        $counts.Failed += $failed
        $counts.Skipped += [int]$c.total - [int]$c.passed - $failed
    }
    return $counts
}

# Runs a script in a child process of the PowerShell running this build (the same edition and
# version; 'dotnet pwsh' runs pwsh.dll under dotnet), so Pester and the tested module never load
# into the build's own session.
function Invoke-ChildPowerShell([string[]] $Arguments) {
    $exe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') {
        & $exe (Join-Path $PSHOME 'pwsh.dll') @Arguments | Out-Host
    }
    else {
        & $exe @Arguments | Out-Host
    }
    return $LASTEXITCODE
}

function Invoke-Test {
    New-Item -ItemType Directory -Path $out -Force | Out-Null
    $results = Join-Path $out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    Write-Host "dotnet test MetricaChats.sln -c $Configuration" -ForegroundColor Cyan
    & dotnet test (Join-Path $root 'MetricaChats.sln') -c $Configuration --logger trx --results-directory $results | Out-Host
    $xunitExit = $LASTEXITCODE
    $xunit = Read-TrxCount $results
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) {
        Write-Host "dotnet test exited with $xunitExit before any test failed (a build error?)." -ForegroundColor Red
        $xunit.Failed = 1
    }
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"

    $pester = @{ Passed = 0; Failed = 0; Skipped = 0 }
    $assembled = $true
    if (-not $SkipPester) {
        try { Invoke-Assemble }
        catch {
            Write-Host "The module did not assemble, so no Pester test ran: $_" -ForegroundColor Red
            $pester.Failed = 1
            $assembled = $false
        }
    }
    if (-not $SkipPester -and $assembled) {
        $resultFile = Join-Path $out 'pester-result.txt'
        if (Test-Path $resultFile) { Remove-Item $resultFile -Force }
        $pesterExit = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tests/pester/run.ps1'), '-ResultFile', $resultFile, '-ModulePath', $moduleOut)
        if (Test-Path $resultFile) {
            $p, $f, $k = (Get-Content $resultFile -Raw).Trim() -split '\s+'
            $pester = @{ Passed = [int]$p; Failed = [int]$f; Skipped = [int]$k }
        }
        else {
            Write-Host "The Pester run (exit code $pesterExit) wrote no result." -ForegroundColor Red
            $pester.Failed = 1
        }
        Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Set-Content -Path (Join-Path $out 'test-totals.txt') -Value ('{0} {1} {2}' -f $passed, $failed, $skipped) -Encoding Ascii
    Write-Host ('{0} passed, {1} failed, {2} skipped' -f $passed, $failed, $skipped)
    $script:TestsFailed = $failed
}

function Invoke-Package {
    if (-not (Test-Path (Join-Path $moduleOut 'MetricaChats.psd1'))) { Invoke-Assemble }
    New-Item -ItemType Directory -Path $packagesOut -Force | Out-Null
    $repository = 'MetricaChatsLocalBuild'
    if (Get-Command Publish-PSResource -ErrorAction SilentlyContinue) {
        if (Get-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue) { Unregister-PSResourceRepository -Name $repository }
        Register-PSResourceRepository -Name $repository -Uri $packagesOut -Trusted
        try { Publish-PSResource -Path $moduleOut -Repository $repository }
        finally { Unregister-PSResourceRepository -Name $repository }
    }
    else {
        if (Get-PSRepository -Name $repository -ErrorAction SilentlyContinue) { Unregister-PSRepository -Name $repository }
        Register-PSRepository -Name $repository -SourceLocation $packagesOut -PublishLocation $packagesOut -InstallationPolicy Trusted
        try { Publish-Module -Path $moduleOut -Repository $repository -NuGetApiKey 'local-build' }
        finally { Unregister-PSRepository -Name $repository }
    }

    $manifest = Import-PowerShellDataFile (Join-Path $moduleOut 'MetricaChats.psd1')
    $package = Join-Path $packagesOut ('MetricaChats.' + $manifest.ModuleVersion + '.nupkg')
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($package)
    try { $entries = @($zip.Entries | ForEach-Object { [Uri]::UnescapeDataString($_.FullName) }) }
    finally { $zip.Dispose() }
    Assert-ModuleHelp -Path $package -Present @($entries | Where-Object { $_ -like 'en-US/*' } | ForEach-Object { $_.Substring(6) })
    Write-Host "Package: $package (help included)" -ForegroundColor Green
}

$steps = if ($Task -contains 'All') { 'Build', 'Assemble', 'Test', 'Package' } else { $Task }
$script:TestsFailed = 0
foreach ($step in $steps) {
    switch ($step) {
        'Build' { Invoke-Build }
        'Assemble' { Invoke-Assemble }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
    }
}
if ($script:TestsFailed -gt 0) { exit 1 }
