# Shared by the *.Tests.ps1 files that need a PowerShell of their own (dot-sourced in BeforeAll):
# what a user sees by default on the console, and -NonInteractive behaviour, can only be seen
# from outside the process. run.ps1 has set METRICA_TEST_ENDPOINT, METRICA_TEST_TOKEN and
# METRICA_TEST_MODULE; the child inherits them.

# Runs $Script in a fresh PowerShell of the same edition (-NoProfile -NonInteractive), with the
# module imported and connected to the sandbox. Returns an object with Output (stdout and stderr
# lines as one text) and ExitCode.
function Invoke-ChildShell {
    param(
        [Parameter(Mandatory)] [string] $Script,
        [switch] $NotConnected
    )

    $prologue = 'Import-Module $env:METRICA_TEST_MODULE -ErrorAction Stop' + [Environment]::NewLine
    if (-not $NotConnected) {
        $prologue += 'Connect-MetricaAccount -Token (ConvertTo-SecureString -String $env:METRICA_TEST_TOKEN -AsPlainText -Force) -Endpoint $env:METRICA_TEST_ENDPOINT | Out-Null' + [Environment]::NewLine
    }

    # A script file, not -EncodedCommand: with an encoded command the child sends its warning and
    # information streams to a PowerShell parent as CLIXML, which the parent replays as its own
    # streams, so the text a user would see never reaches the captured output.
    $file = Join-Path ([IO.Path]::GetTempPath()) ('metricachats-child-' + [guid]::NewGuid().ToString('N') + '.ps1')
    [IO.File]::WriteAllText($file, $prologue + $Script, [Text.UTF8Encoding]::new($true))
    $self = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $arguments = @()
    if ($PSVersionTable.PSEdition -ne 'Desktop' -and [IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
        # PowerShell run as a dotnet tool: the muxer runs pwsh.dll from $PSHOME.
        $arguments += (Join-Path $PSHOME 'pwsh.dll')
    }

    $arguments += @('-NoProfile', '-NonInteractive', '-File', $file)
    try { $lines = & $self @arguments 2>&1 | ForEach-Object { "$_" } }
    finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
    [pscustomobject]@{ Output = ($lines -join [Environment]::NewLine); ExitCode = $LASTEXITCODE }
}

# Steers the sandbox's fault injection (POST /_sandbox/faults); @{ clear = $true } undoes it.
function Set-SandboxFault([hashtable] $Faults) {
    Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/faults" -ContentType 'application/json' -Body ($Faults | ConvertTo-Json -Compress) | Out-Null
}
