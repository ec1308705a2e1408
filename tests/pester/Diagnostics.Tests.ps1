BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'ChildShell.ps1')
    Import-TestModule

    function Get-FreeLoopbackPort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
        $listener.Stop()
        $port
    }
}

# What a runbook author sees when something goes wrong on the way to Metrica: -Debug traces of each
# HTTP exchange, -Verbose notes of each retry, a fast answer from an endpoint where nothing
# listens, a request timeout of their own, and no prompt that a non-interactive host cannot answer.
Describe 'Diagnostics' {
    BeforeEach { Connect-TestSandbox }
    AfterEach { Set-SandboxFault @{ clear = $true } }
    AfterAll { Connect-TestSandbox }

    It 'traces each HTTP exchange under -Debug: method, path, status, time, attempt; never the token' {
        $records = Get-MetricaCounter -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $text = @($records | ForEach-Object Message) -join [Environment]::NewLine
        $text | Should -Match 'GET /management/v1/counters: HTTP 200 in \d+ ms, attempt 1'
        $text | Should -Not -Match ([regex]::Escape($env:METRICA_TEST_TOKEN))
    }

    It 'traces an upload without its query (the comment) under -Debug' {
        $records = New-TestRow -Count 1 | Send-MetricaChatImport -CounterId 12345 -Comment 'Secret campaign' -Force -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $text = @($records | ForEach-Object Message) -join [Environment]::NewLine
        $text | Should -Match 'POST /management/v1/counter/12345/offline_conversions/upload: HTTP 200'
        $text | Should -Not -Match 'Secret'
    }

    It 'says each retry under -Verbose, with its reason' {
        Set-SandboxFault @{ clear = $true; force_next = @('ServiceUnavailable') }
        $verbose = Get-MetricaCounter -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        (@($verbose | ForEach-Object Message) -join [Environment]::NewLine) | Should -Match 'Retrying GET /management/v1/counters .*HTTP 503'
    }

    It 'fails at once when nothing listens at the endpoint, without retrying' {
        Connect-MetricaAccount -Token (Get-TestToken) -Endpoint ('http://127.0.0.1:' + (Get-FreeLoopbackPort)) | Out-Null
        $failure = $null
        $verbose = try { Get-MetricaCounter -Verbose -ErrorAction Stop 4>&1 } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'MetricaNetworkError,*'
        "$failure" | Should -Match 'connection refused'
        $failure.Exception.Attempts | Should -Be 1
        (@($verbose | ForEach-Object { "$_" }) -join ' ') | Should -Not -Match 'Retrying'

        $upload = $null
        try { New-TestRow -Count 1 | Send-MetricaChatImport -CounterId 12345 -Force -ErrorAction Stop | Out-Null } catch { $upload = $_ }
        $upload.FullyQualifiedErrorId | Should -BeLike 'MetricaNetworkError,*'
        $upload.Exception.Attempts | Should -Be 1
    }

    It 'applies Connect-MetricaAccount -TimeoutSec to each request' {
        Connect-MetricaAccount -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT -TimeoutSec 1 | Out-Null
        Set-SandboxFault @{ clear = $true; slow_delay_ms = 4000; force_next = @('Slow') }
        $verbose = @(Get-MetricaCounter -Verbose 4>&1)
        @($verbose | Where-Object { $_.PSObject.TypeNames[0] -eq 'MetricaChats.Core.Api.MetricaCounter' }).Count | Should -BeGreaterThan 0
        (@($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join ' ') | Should -Match 'Retrying GET /management/v1/counters .*Timeout'
    }

    It 'remembers a failed counter lookup for tab completion instead of trying again on every Tab' {
        # A listener that accepts connections and never answers: each lookup is one connection.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $held = New-Object System.Collections.Generic.List[System.Net.Sockets.TcpClient]
        try {
            $port = ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
            Connect-MetricaAccount -Token (Get-TestToken) -Endpoint "http://127.0.0.1:$port" | Out-Null
            $line = 'Send-MetricaChatImport -CounterId '
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
            $listener.Pending() | Should -BeTrue
            while ($listener.Pending()) { $held.Add($listener.AcceptTcpClient()) }
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
            $listener.Pending() | Should -BeFalse
        }
        finally {
            foreach ($client in $held) { $client.Dispose() }
            $listener.Stop()
        }
    }

    It 'goes on through row warnings under -Debug, and debug messages under $DebugPreference = Inquire, in a non-interactive PowerShell' {
        $run = Invoke-ChildShell @'
$rows = @(1..3 | ForEach-Object { [pscustomobject]@{ Timestamp = [DateTimeOffset]::UtcNow.AddHours(-1).ToString('o'); Messenger = 'tg'; Username = "debug_user_$_" } })
$rows | New-MetricaChatEvent -Debug | Send-MetricaChatImport -CounterId 12345 -Force -Debug | Out-Null
'finished'
$DebugPreference = 'Inquire'
Get-MetricaCounter | Out-Null
'asked for nothing'
'@
        $run.Output | Should -Match 'WARNING'
        $run.Output | Should -Match 'read 3 = sent 3'
        $run.Output | Should -Match 'finished'
        $run.Output | Should -Match 'DEBUG: GET /management/v1/counters: HTTP 200'
        $run.Output | Should -Match 'asked for nothing'
        $run.Output | Should -Not -Match 'NonInteractive mode'
    }
}
