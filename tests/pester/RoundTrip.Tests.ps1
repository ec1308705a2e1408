# The module's own output goes back in: chat events saved with Export-Csv and read with
# Import-Csv, or turned into JSON and back, are the same events again, in any culture (the
# culture writes the time and the decimals as it likes: 11/29/2026 9:44:44 PM +00:00 in en-US,
# 29.11.2026 21:44:44 +00:00 in ru-RU, 1234,5 for a revenue in ru-RU and de-DE).

BeforeDiscovery {
    $script:cultures = @('en-US', 'ru-RU', 'de-DE', 'ja-JP', 'Invariant')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    $script:fields = 'RowNumber', 'DateTime', 'ChatPlatform', 'ChatUsername', 'ChatUserId', 'PhoneNumber', 'ClientId', 'UserId', 'Yclid', 'PurchaseId', 'Answered', 'Tag', 'Revenue', 'Currency', 'Url', 'TrackerUrl'

    # Three events with every field set, whole seconds (a culture's general format has no fraction).
    function New-FullEvent {
        $now = [DateTimeOffset]::new([DateTimeOffset]::UtcNow.Ticks - ([DateTimeOffset]::UtcNow.Ticks % [TimeSpan]::TicksPerSecond), [TimeSpan]::Zero)
        New-MetricaChatEvent -DateTime $now.AddHours(-2) -ChatPlatform whatsapp -PhoneNumber '+7 900 123-45-67' -ClientId 1700000000123456789 -Revenue 1234.5 -Currency RUB -Answered $true -Tag 'spring sale' -Url 'https://shop.example/p?id=1&a=b'
        New-MetricaChatEvent -DateTime $now.AddMinutes(-90).ToOffset([TimeSpan]::FromHours(3)) -ChatPlatform telegram -ChatUsername 'pester_user' -ChatUserId 42 -UserId 'user-7' -Yclid 5566778899 -Answered $false -TrackerUrl 'https://tracker.example/c/1'
        New-MetricaChatEvent -DateTime $now.AddMinutes(-30) -ChatPlatform viber -PhoneNumber '+375291234567' -PurchaseId 'order-1' -Revenue 0.99 -Currency EUR
    }

    function Assert-SameEvent($Expected, $Actual) {
        @($Actual).Count | Should -Be @($Expected).Count
        for ($i = 0; $i -lt @($Expected).Count; $i++) {
            foreach ($field in $script:fields) {
                $e = @($Expected)[$i].$field
                $a = @($Actual)[$i].$field
                if ("$a" -ne "$e") { throw "Event $($i + 1), $field`: '$a' came back for '$e'." }
            }
        }
    }

    # Runs $Script with $Name as the current culture ('Invariant' for the invariant culture).
    function Invoke-InCulture([string] $Name, [scriptblock] $Script) {
        $thread = [System.Threading.Thread]::CurrentThread
        $saved = $thread.CurrentCulture
        try {
            $thread.CurrentCulture = if ($Name -eq 'Invariant') { [System.Globalization.CultureInfo]::InvariantCulture } else { [System.Globalization.CultureInfo]::GetCultureInfo($Name) }
            & $Script
        }
        finally { $thread.CurrentCulture = $saved }
    }
}

Describe 'Round trips of chat events in culture <_>' -ForEach $cultures {
    BeforeAll { $culture = $_ }

    It 'reads back its own Export-Csv file through Import-Csv' {
        Invoke-InCulture $culture {
            $events = @(New-FullEvent)
            $file = Join-Path $TestDrive "events-$culture.csv"
            $events | Export-Csv -Path $file -NoTypeInformation -Encoding UTF8
            $back = @(Import-Csv -Path $file -Encoding UTF8 | New-MetricaChatEvent -ErrorVariable rowErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $rowErrors | ForEach-Object { throw "Import-Csv | New-MetricaChatEvent refused a row: $_" }
            Assert-SameEvent $events $back
        }
    }

    It 'reads back its own ConvertTo-Json text through ConvertFrom-Json' {
        Invoke-InCulture $culture {
            $events = @(New-FullEvent)
            $json = $events | ConvertTo-Json
            # Assigned first, then piped: Windows PowerShell 5.1's ConvertFrom-Json writes an array as one object.
            $parsed = $json | ConvertFrom-Json
            $back = @($parsed | New-MetricaChatEvent -ErrorVariable rowErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            $rowErrors | ForEach-Object { throw "ConvertFrom-Json | New-MetricaChatEvent refused a row: $_" }
            Assert-SameEvent $events $back

            # PowerShell 7 can write the messenger as text (-EnumsAsStrings); that reads back too.
            if ((Get-Command ConvertTo-Json).Parameters.ContainsKey('EnumsAsStrings')) {
                $json = $events | ConvertTo-Json -EnumsAsStrings
                $json | Should -Match '"ChatPlatform":\s*"WhatsApp"'
                $parsed = $json | ConvertFrom-Json
                Assert-SameEvent $events @($parsed | New-MetricaChatEvent -WarningAction SilentlyContinue)
            }
        }
    }
}
