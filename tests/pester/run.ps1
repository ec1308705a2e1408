#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the Pester tests of the MetricaChats module against a local sandbox.

.DESCRIPTION
    Builds the sandbox, assembles the module when -ModulePath does not hold it yet (build.ps1
    -Task Assemble), starts the sandbox on a free loopback port with a known token and two
    counters, runs every tests/pester/*.Tests.ps1 with the Pester pinned in
    tools/pester/Pester.Restore.csproj (restored from NuGet on first use), stops the sandbox, and writes
    one line "<passed> <failed> <skipped>" to -ResultFile (.ci/run reads it). Profiles are kept in a
    temporary METRICA_CONFIG_DIR, so the user's saved profiles are never touched.
    Works in Windows PowerShell 5.1 and PowerShell 7.

.EXAMPLE
    ./tests/pester/run.ps1 -ResultFile ./out/pester.txt
.EXAMPLE
    ./tests/pester/run.ps1 -ResultFile ./out/pester.txt -TestPath ./tests/pester/Help.Tests.ps1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ResultFile,

    [string] $ModulePath,

    # Test files or folders to run (also comma-separated, as -File passes them); every tests/pester/*.Tests.ps1 when omitted.
    [string[]] $TestPath
)

$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
if (-not $ModulePath) { $ModulePath = Join-Path $root 'out/MetricaChats' }
# Resolved against PowerShell's location, not the process's current directory (Windows
# PowerShell 5.1 does not move the latter with Set-Location, so GetFullPath could point elsewhere).
$ResultFile = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ResultFile)
$resultDirectory = Split-Path -Parent $ResultFile
if ($resultDirectory -and -not (Test-Path $resultDirectory)) { New-Item -ItemType Directory -Path $resultDirectory | Out-Null }

function Write-Result([int] $Passed, [int] $Failed, [int] $Skipped = 0) {
    Set-Content -Path $ResultFile -Value ('{0} {1} {2}' -f $Passed, $Failed, $Skipped) -Encoding Ascii
}

# Pester comes pinned from NuGet (tools/pester/Pester.Restore.csproj), never from the gallery:
# restored on first use into tools/pester/packages and imported from there.
$pesterProject = Join-Path $root 'tools/pester/Pester.Restore.csproj'
$pesterVersion = ([xml](Get-Content -Raw $pesterProject)).Project.ItemGroup.PackageDownload.Version.Trim('[', ']')
$pesterManifest = Join-Path $root "tools/pester/packages/pester/$pesterVersion/tools/Pester.psd1"
if (-not (Test-Path $pesterManifest)) {
    & dotnet restore $pesterProject --nologo -v quiet
    if ($LASTEXITCODE -ne 0 -or -not (Test-Path $pesterManifest)) {
        Write-Error "Pester $pesterVersion could not be restored from NuGet ($pesterProject)." -ErrorAction Continue
        Write-Result 0 1
        return
    }
}
$pester = $pesterManifest

Import-Module $pester -Force
$sandbox = $null
$configDirectory = Join-Path ([System.IO.Path]::GetTempPath()) ('metricachats-pester-' + [guid]::NewGuid().ToString('N'))
try {
    if (-not (Test-Path (Join-Path $ModulePath 'MetricaChats.psd1'))) {
        & (Join-Path $root 'build.ps1') -Task Assemble
    }

    & dotnet build (Join-Path $root 'src/MetricaChats.Sandbox/MetricaChats.Sandbox.csproj') -c Release --nologo -v quiet -o (Join-Path $root 'out/sandbox')
    if ($LASTEXITCODE -ne 0) { throw 'The sandbox did not build.' }

    # A free loopback port.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    $listener.Stop()

    $token = 'pester-token-' + [guid]::NewGuid().ToString('N')
    $sandboxLog = Join-Path $root 'out/sandbox.log'
    $sandbox = Start-Process -FilePath 'dotnet' -PassThru -NoNewWindow `
        -ArgumentList @(('"' + (Join-Path $root 'out/sandbox/MetricaChats.Sandbox.dll') + '"'), '--port', $port, '--token', $token, '--counter', '12345', '--counter', '67890', '--processing-seconds', '1') `
        -RedirectStandardOutput $sandboxLog -RedirectStandardError "$sandboxLog.err"
    $endpoint = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        try { Invoke-RestMethod -Uri "$endpoint/_sandbox" -TimeoutSec 2 | Out-Null; break }
        catch {
            if ($sandbox.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The sandbox did not start; see $sandboxLog." }
            Start-Sleep -Milliseconds 250
        }
    }

    $env:METRICA_TEST_ENDPOINT = $endpoint
    $env:METRICA_TEST_TOKEN = $token
    $env:METRICA_TEST_MODULE = (Resolve-Path (Join-Path $ModulePath 'MetricaChats.psd1')).Path
    $env:METRICACHATS_MODULE_PATH = $env:METRICA_TEST_MODULE   # read by Linking.Tests.ps1
    $env:METRICA_CONFIG_DIR = $configDirectory
    Remove-Item Env:\METRICA_TOKEN -ErrorAction SilentlyContinue

    $configuration = New-PesterConfiguration
    $configuration.Run.Path = if ($TestPath) { @($TestPath | ForEach-Object { $_ -split ',' } | ForEach-Object { (Resolve-Path $_.Trim()).Path }) } else { $PSScriptRoot }
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration
    Write-Result $result.PassedCount ($result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount) $result.SkippedCount
}
catch {
    Write-Error $_ -ErrorAction Continue
    Write-Result 0 1
}
finally {
    if ($sandbox -and -not $sandbox.HasExited) { Stop-Process -Id $sandbox.Id -Force }
    if (Test-Path $configDirectory) { Remove-Item $configDirectory -Recurse -Force -ErrorAction SilentlyContinue }
    foreach ($name in 'METRICA_TEST_ENDPOINT', 'METRICA_TEST_TOKEN', 'METRICA_TEST_MODULE', 'METRICACHATS_MODULE_PATH', 'METRICA_CONFIG_DIR') {
        Remove-Item "Env:\$name" -ErrorAction SilentlyContinue
    }
}
