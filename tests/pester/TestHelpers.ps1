# Shared by the *.Tests.ps1 files (dot-sourced in BeforeAll). run.ps1 has started the sandbox
# and set METRICA_TEST_ENDPOINT, METRICA_TEST_TOKEN and METRICA_TEST_MODULE.

function Import-TestModule {
    Import-Module $env:METRICA_TEST_MODULE -Force -ErrorAction Stop
}

function Get-TestToken {
    ConvertTo-SecureString -String $env:METRICA_TEST_TOKEN -AsPlainText -Force
}

function Connect-TestSandbox {
    Connect-MetricaAccount -Token (Get-TestToken) -Endpoint $env:METRICA_TEST_ENDPOINT | Out-Null
}

function Reset-TestSandbox {
    Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/reset" | Out-Null
    # A fresh Metrica needs a fresh ledger too: the default ledger (in the test's private
    # METRICA_CONFIG_DIR) would otherwise count the same test rows as sent by an earlier test.
    Remove-TestLedger
}

function Remove-TestLedger {
    Get-ChildItem -Path $env:METRICA_CONFIG_DIR -Filter 'ledger.db*' -ErrorAction SilentlyContinue | Remove-Item -Force -ErrorAction SilentlyContinue
}

function Get-SandboxUpload([int] $CounterId) {
    # Windows PowerShell 5.1's Invoke-RestMethod writes a JSON array as ONE object (PowerShell 7
    # enumerates it), so @(Invoke-RestMethod ...) counted 1 there for any number of uploads,
    # even none. Assigned first, then written: the array is enumerated on both editions.
    $uploads = Invoke-RestMethod -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/uploads?counter=$CounterId"
    $uploads
}

# Chat export rows as Import-Csv gives them: text values under the column names exports use.
function New-TestRow {
    param([int] $Count = 3, [string] $Messenger = 'Telegram', [int] $StartAt = 1)
    $now = [DateTimeOffset]::UtcNow
    for ($i = $StartAt; $i -lt $StartAt + $Count; $i++) {
        [pscustomobject]@{
            Timestamp = $now.AddMinutes(-10 - $i).ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
            Messenger = $Messenger
            Username  = "pester_user_$i"
            _ym_uid   = (1700000000000000000 + $i).ToString([System.Globalization.CultureInfo]::InvariantCulture)
            Amount    = '150.50'
            Currency  = 'RUB'
        }
    }
}
