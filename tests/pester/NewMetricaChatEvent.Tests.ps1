BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'ChildShell.ps1')
    Import-TestModule

    function New-TestHashtable([int] $Index) {
        @{
            DateTime     = [DateTimeOffset]::UtcNow.AddMinutes(-10 - $Index).ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
            Platform     = 'tg'
            ChatUsername = "hash_user_$Index"
            ClientId     = (1700000000000000000 + $Index).ToString([System.Globalization.CultureInfo]::InvariantCulture)
        }
    }
}

Describe 'New-MetricaChatEvent' {
    It 'binds Import-Csv rows by the names exports use' {
        $csv = @(
            'Timestamp,Messenger,Phone,_ym_uid,Amount,Currency'
            "$([DateTimeOffset]::UtcNow.AddHours(-2).ToString('yyyy-MM-ddTHH:mm:ssZ')),WhatsApp,+7 (900) 123-45-67,1700000000123456789,1500.50,rub"
        ) | ConvertFrom-Csv
        $event = $csv | New-MetricaChatEvent
        $event.PSObject.TypeNames[0] | Should -Be 'MetricaChats.Core.Chats.ChatEvent'
        "$($event.ChatPlatform)" | Should -Be 'WhatsApp'
        $event.PhoneNumber | Should -Be '+79001234567'
        $event.ClientId | Should -Be '1700000000123456789'
        $event.Revenue | Should -Be 1500.50
        $event.Currency | Should -Be 'RUB'
        $event.IsAttributed | Should -BeTrue
    }

    It 'writes one error per bad row with a stable id, the row number and the input as target, and goes on' {
        $rows = @(New-TestRow -Count 3)
        $rows[1].Messenger = 'icq'
        $events = $rows | New-MetricaChatEvent -ErrorAction SilentlyContinue -ErrorVariable rowErrors
        @($events).Count | Should -Be 2
        @($rowErrors).Count | Should -Be 1
        $rowErrors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidChatPlatform*'
        $rowErrors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $rowErrors[0].TargetObject.Messenger | Should -Be 'icq'
        "$($rowErrors[0])" | Should -Match 'Row 2'
        "$($rowErrors[0])" | Should -Match 'icq'
    }

    It 'takes parameters given on the command line for every piped row' {
        $rows = New-TestRow -Count 2 | Select-Object Timestamp, Username
        $events = $rows | New-MetricaChatEvent -ChatPlatform viber
        @($events | ForEach-Object { "$($_.ChatPlatform)" }) | Should -Be @('Viber', 'Viber')
    }

    It 'writes the summary to the information stream' {
        New-TestRow -Count 2 | New-MetricaChatEvent -InformationVariable info | Out-Null
        "$info" | Should -Match 'read 2, valid 2, rejected 0'
    }

    It 'rejects a time in the future' {
        New-MetricaChatEvent -DateTime ([DateTimeOffset]::UtcNow.AddDays(1)) -ChatPlatform telegram -ChatUsername x -ErrorAction SilentlyContinue -ErrorVariable future | Should -BeNullOrEmpty
        $future[0].FullyQualifiedErrorId | Should -BeLike 'FutureDateTime*'
    }

    It 'takes an array given to -InputObject as the pipeline would' {
        $rows = @(New-TestRow -Count 3)
        $events = @(New-MetricaChatEvent -InputObject $rows)
        $events.Count | Should -Be 3
        $events.ChatUsername | Should -Be @('pester_user_1', 'pester_user_2', 'pester_user_3')
        @($events.RowNumber) | Should -Be @(1, 2, 3)
    }

    It 'takes hashtables as Send-MetricaChatImport does, piped or given to -InputObject' {
        $piped = @(New-TestHashtable 1 | New-MetricaChatEvent)
        $piped.Count | Should -Be 1
        "$($piped[0].ChatPlatform)" | Should -Be 'Telegram'
        $piped[0].ChatUsername | Should -Be 'hash_user_1'
        $given = @(New-MetricaChatEvent -InputObject @((New-TestHashtable 2), (New-TestHashtable 3)) -ChatPlatform viber)
        @($given | ForEach-Object { "$($_.ChatPlatform)" }) | Should -Be @('Viber', 'Viber')
        $given.ClientId | Should -Be @('1700000000000000002', '1700000000000000003')
    }

    It 'shows its summary by default when a row was rejected' {
        $run = Invoke-ChildShell -NotConnected @'
$rows = @(1..3 | ForEach-Object { [pscustomobject]@{ Timestamp = [DateTimeOffset]::UtcNow.AddHours(-1).ToString('o'); Messenger = 'tg'; Username = "u$_" } })
$rows[1].Messenger = 'icq'
$rows | New-MetricaChatEvent | Out-Null
'@
        $run.Output | Should -Match 'New-MetricaChatEvent: read 3, valid 2, rejected 1'
    }

    Context 'reading export files with -Path and -LiteralPath' {
        It 'outputs the same events and errors as Import-Csv | New-MetricaChatEvent' {
            $csv = Join-Path $TestDrive 'events.csv'
            $rows = @(New-TestRow -Count 4)
            $rows[2].Messenger = 'icq'
            $rows | Export-Csv -Path $csv -NoTypeInformation
            $fromPath = @(New-MetricaChatEvent -Path $csv -ErrorAction SilentlyContinue -ErrorVariable pathErrors)
            $fromPipeline = @(Import-Csv -LiteralPath $csv | New-MetricaChatEvent -ErrorAction SilentlyContinue -ErrorVariable pipeErrors)
            $fromPath.Count | Should -Be 3
            @($fromPath | ForEach-Object { $_.ToString() + $_.ChatUsername + $_.ClientId + $_.RowNumber }) | Should -Be @($fromPipeline | ForEach-Object { $_.ToString() + $_.ChatUsername + $_.ClientId + $_.RowNumber })
            @($pathErrors | ForEach-Object { "$($_.FullyQualifiedErrorId) $_" }) | Should -Be @($pipeErrors | ForEach-Object { "$($_.FullyQualifiedErrorId) $_" })
        }

        It 'takes a file name with brackets literally with -LiteralPath' {
            $csv = Join-Path $TestDrive 'events[2].csv'
            New-TestRow -Count 2 | Export-Csv -LiteralPath $csv -NoTypeInformation
            @(New-MetricaChatEvent -LiteralPath $csv).Count | Should -Be 2
        }

        It 'reports a file that does not exist, naming it' {
            { New-MetricaChatEvent -Path (Join-Path $TestDrive 'none-*.csv') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound,*'
        }
    }
}
