BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
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
}
