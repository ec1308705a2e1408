BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
}

AfterAll {
    Disconnect-MetricaAccount -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
}

Describe 'Connect-MetricaAccount' {
    BeforeEach { Disconnect-MetricaAccount -WarningAction SilentlyContinue }

    It 'connects with a SecureString token and outputs the account without the token' {
        $account = Connect-MetricaAccount -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT
        $account.PSObject.TypeNames[0] | Should -Be 'MetricaChats.MetricaAccount'
        $account.Connected | Should -BeTrue
        $account.TokenSource | Should -Be 'Parameter'
        $account.Endpoint.Authority | Should -Be ([uri]$env:METRICA_TEST_ENDPOINT).Authority
        ($account | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($env:METRICA_TEST_TOKEN.Substring(0, 8)))
    }

    It 'connects with a PSCredential whose password is the token' {
        $credential = [pscredential]::new('robot', (Get-TestToken))
        (Connect-MetricaAccount -Credential $credential -Endpoint $env:METRICA_TEST_ENDPOINT).Connected | Should -BeTrue
        Get-MetricaCounter | Should -Not -BeNullOrEmpty
    }

    It 'connects from METRICA_TOKEN when no token is given' {
        $env:METRICA_TOKEN = $env:METRICA_TEST_TOKEN
        try {
            $account = Connect-MetricaAccount -Endpoint $env:METRICA_TEST_ENDPOINT
            $account.TokenSource | Should -Be 'Environment'
        }
        finally { Remove-Item Env:\METRICA_TOKEN }
    }

    It 'refuses a plain-http endpoint that is not loopback' {
        { Connect-MetricaAccount -Token (Get-TestToken) -Endpoint 'http://example.com' -ErrorAction Stop } | Should -Throw
    }

    It 'says how to connect when there is no token anywhere' {
        $error.Clear()
        { Get-MetricaCounter -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected*'
        "$($error[0])" | Should -Match 'Connect-MetricaAccount'
        "$($error[0])" | Should -Match 'METRICA_TOKEN'
    }

    It 'changes nothing with -WhatIf: the session keeps its connection and nothing is saved' {
        Connect-TestSandbox
        $other = ConvertTo-SecureString -String 'whatif-token-0123456789' -AsPlainText -Force
        Connect-MetricaAccount -Profile pester-whatif -Token $other -Endpoint $env:METRICA_TEST_ENDPOINT -Save -AllowUnprotectedStore -WhatIf | Should -BeNullOrEmpty
        $connected = @(Get-MetricaAccount | Where-Object Connected)
        $connected.Count | Should -Be 1
        $connected[0].Profile | Should -Be 'default'
        # The session's connection was neither replaced nor disposed: it still works.
        (Get-MetricaCounter -CounterId 12345).Id | Should -Be 12345
        Get-MetricaAccount -Profile pester-whatif -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'never writes the token to any stream, even with verbose and debug output on' {
        # Preference variables rather than -Debug: in Windows PowerShell 5.1 -Debug means Inquire.
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        $all = Connect-MetricaAccount -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT 5>&1 4>&1 3>&1 2>&1 6>&1 | Out-String
        $all += New-TestRow -Count 2 | Send-MetricaChatImport -CounterId 12345 -Force 5>&1 4>&1 3>&1 2>&1 6>&1 | Out-String
        $all += Get-MetricaChatImport -CounterId 99999 -ErrorAction Continue 5>&1 4>&1 3>&1 2>&1 6>&1 | Out-String
        $all | Should -Not -Match ([regex]::Escape($env:METRICA_TEST_TOKEN.Substring(0, 8)))
    }
}

Describe 'Saved profiles' {
    AfterEach {
        Disconnect-MetricaAccount -Profile pester -Forget -Force -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    }

    It 'saves, lists, reuses and forgets a profile' {
        Connect-MetricaAccount -Profile pester -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT -Save -AllowUnprotectedStore -Force | Out-Null
        $saved = Get-MetricaAccount -Profile pester
        $saved.Profile | Should -Be 'pester'
        $saved.Storage | Should -Not -BeNullOrEmpty
        $saved.Location | Should -Not -BeNullOrEmpty
        if ($saved.Storage -like 'Plain file*') { $saved.IsProtected | Should -BeFalse } else { $saved.IsProtected | Should -BeTrue }

        Disconnect-MetricaAccount -Profile pester
        (Connect-MetricaAccount -Profile pester).TokenSource | Should -Be 'Stored'
        Get-MetricaCounter -CounterId 12345 | Should -Not -BeNullOrEmpty

        Disconnect-MetricaAccount -Profile pester -Forget -Force
        Get-MetricaAccount -Profile pester -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses to save without a protected store unless the plain file is allowed' {
        $account = Connect-MetricaAccount -Profile pester -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT -Save -Force -ErrorAction SilentlyContinue -ErrorVariable saveErrors
        $account.Connected | Should -BeTrue
        if ($saveErrors) {
            $saveErrors[0].FullyQualifiedErrorId | Should -BeLike 'ProtectedTokenStoreUnavailable*'
            "$($saveErrors[0])" | Should -Match 'METRICA_TOKEN'
            # Get-MetricaAccount lists this session's connection (in memory), but nothing is saved.
            $listed = @(Get-MetricaAccount -Profile pester)
            $listed.Count | Should -Be 1
            $listed[0].Connected | Should -BeTrue
            $listed[0].Storage | Should -BeNullOrEmpty
            $listed[0].Location | Should -BeNullOrEmpty
        }
        else {
            (Get-MetricaAccount -Profile pester).IsProtected | Should -BeTrue
        }
    }

    It 'saves nothing with -WhatIf' {
        Connect-MetricaAccount -Profile pester -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT -Save -AllowUnprotectedStore -WhatIf | Out-Null
        # Nothing saved: no listed profile has a storage (the session's own connection may be listed).
        @(Get-MetricaAccount -Profile pester -ErrorAction SilentlyContinue | Where-Object { $_.Storage }) | Should -BeNullOrEmpty
        @(Get-ChildItem $env:METRICA_CONFIG_DIR -Recurse -File -ErrorAction SilentlyContinue | Where-Object Name -like '*pester*') | Should -BeNullOrEmpty
    }

    It 'reports an unknown profile as an error with the profile as target' {
        Get-MetricaAccount -Profile no-such-profile -ErrorAction SilentlyContinue -ErrorVariable notFound | Out-Null
        $notFound[0].FullyQualifiedErrorId | Should -BeLike 'MetricaProfileNotFound*'
        $notFound[0].TargetObject | Should -Be 'no-such-profile'
    }
}

Describe 'Disconnect-MetricaAccount' {
    It 'clears the session so the next call says to connect' {
        Connect-TestSandbox
        Disconnect-MetricaAccount
        { Get-MetricaCounter -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected*'
    }

    It 'outputs the account with -PassThru' {
        Connect-TestSandbox
        $after = Disconnect-MetricaAccount -PassThru
        $after.Connected | Should -BeFalse
    }
}
