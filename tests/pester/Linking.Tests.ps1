# Pester 5 tests of the linking cmdlets in a real PowerShell session (run where pwsh or
# Windows PowerShell exists). The module is imported from $env:METRICACHATS_MODULE_PATH when set,
# else from out/MetricaChats (what build.ps1 assembles); a missing module fails the run.
BeforeAll {
    $modulePath = $env:METRICACHATS_MODULE_PATH
    if (-not $modulePath) {
        $modulePath = Join-Path $PSScriptRoot '../../out/MetricaChats/MetricaChats.psd1'
    }
    if (-not (Get-Module MetricaChats)) {
        Import-Module $modulePath -Force -ErrorAction Stop
    }
}

Describe 'New-MetricaChatTrackingId' {
    It 'makes distinct ids of the alphabet, 12 characters by default' {
        $ids = New-MetricaChatTrackingId -Count 1000
        $ids.Count | Should -Be 1000
        ($ids | Sort-Object -Unique).Count | Should -Be 1000
        $ids | ForEach-Object { $_ | Should -MatchExactly '^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$' }
    }

    It 'puts the prefix in upper case' {
        New-MetricaChatTrackingId -Prefix 'shop-' -Length 8 | Should -MatchExactly '^SHOP-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$'
    }

    It 'refuses a prefix Telegram would not accept' {
        { New-MetricaChatTrackingId -Prefix 'my shop' } | Should -Throw -ErrorId 'InvalidTrackingIdFormat,*'
    }
}

Describe 'New-MetricaChatLink' {
    It 'builds an escaped WhatsApp link with the tag' {
        $link = New-MetricaChatLink -Messenger WhatsApp -Target '+7 900 123-45-67' -TrackingId K7M2Q9XH4TPA -Message 'Привет {tag}'
        $link.Url | Should -BeExactly 'https://wa.me/79001234567?text=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82%20%5B%23ref%20K7M2Q9XH4TPA%5D'
        $link.Text | Should -BeExactly 'Привет [#ref K7M2Q9XH4TPA]'
        $link.ChatPlatform | Should -Be 'WhatsApp'
    }

    It 'takes the id from the pipeline' {
        'K7M2Q9XH4TPA' | New-MetricaChatLink TelegramBot ShopHelpBot | ForEach-Object Url |
            Should -BeExactly 'https://t.me/ShopHelpBot?start=K7M2Q9XH4TPA'
    }

    It 'binds Messenger and Target by property name' {
        $links = @(
            [pscustomobject]@{ Messenger = 'ViberBot'; Target = 'shophelp' }
            [pscustomobject]@{ Kind = 'Viber'; Phone = '+375 29 123-45-67' }
        ) | New-MetricaChatLink -TrackingId K7M2Q9XH4TPA
        $links[0].Url | Should -BeLike 'viber://pa?chatURI=shophelp&context=K7M2Q9XH4TPA&text=*'
        $links[1].Url | Should -BeLike 'viber://chat?number=%2B375291234567&text=*'
    }

    It 'reports a bad target as a non-terminating error and goes on' {
        $out = @(
            [pscustomobject]@{ Target = '+7 900 CALL-NOW' }
            [pscustomobject]@{ Target = '+7 900 123-45-67' }
        ) | New-MetricaChatLink -Messenger WhatsApp -TrackingId K7M2Q9XH4TPA -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidChatLinkTarget,*'
        $errs[0].Exception.Message | Should -BeLike "*character 'C'*"
    }

    It 'refuses a message for a bot link' {
        { New-MetricaChatLink TelegramBot ShopHelpBot K7M2Q9XH4TPA -Message 'Hi' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidChatLinkMessage,*'
    }
}

Describe 'Find-MetricaChatTrackingId' {
    It 'finds the id in edited messages and /start commands' {
        $found = 'Добрый день #REF k7m2q9xh4tpa 🙂', '/start 23456789ABCD' | Find-MetricaChatTrackingId
        $found.TrackingId | Should -Be @('K7M2Q9XH4TPA', '23456789ABCD')
        $found.Source | Should -Be @('Tag', 'StartCommand')
    }

    It 'binds message objects by property name, start parameter first' {
        $m = [pscustomobject]@{ FirstMessage = 'hi'; start_param = 'k7m2q9xh4tpa' } | Find-MetricaChatTrackingId
        $m.TrackingId | Should -Be 'K7M2Q9XH4TPA'
        $m.Source | Should -Be 'StartParameter'
    }

    It 'writes TrackingIdNotFound for a message without an id' {
        'Сколько стоит доставка?' | Find-MetricaChatTrackingId -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'TrackingIdNotFound,*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Join-MetricaChatVisit' {
    BeforeAll {
        $site = Join-Path $TestDrive 'site-visits.csv'
        @(
            'created_at,TrackingId,_ym_uid,yclid'
            '2026-11-19,K7M2Q9XH4TPA,1700000000123456789,5566778899'
            '2026-11-19,23456789ABCD,1700000000987654321,'
            '2026-11-19,23456789ABCD,1700000000987654321,'
            '2026-11-19,,1700000000111111111,'
        ) | Set-Content -Path $site -Encoding UTF8
        $chats = @(
            [pscustomobject]@{ Timestamp = '2026-11-20T10:00:00Z'; Messenger = 'whatsapp'; Phone = '+79001234567'; Message = 'Здравствуйте! [#ref K7M2Q9XH4TPA]' }
            [pscustomobject]@{ Timestamp = '2026-11-20T11:00:00Z'; Messenger = 'telegram'; TelegramId = '42'; StartParam = '23456789ABCD' }
            [pscustomobject]@{ Timestamp = '2026-11-20T12:00:00Z'; Messenger = 'telegram'; TelegramId = '43'; Message = '[#ref ZZZZ5555YYYY]' }
            [pscustomobject]@{ Timestamp = '2026-11-20T13:00:00Z'; Messenger = 'viber'; Phone = '+375291234567'; Message = 'Привет' }
        )
    }

    It 'fills the Metrica ids and keeps every chat, with a reconciled report' {
        $out = $chats | Join-MetricaChatVisit -SitePath $site -ReportVariable report -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $out.Count | Should -Be 4
        $out[0].ClientId | Should -Be '1700000000123456789'
        $out[0].Yclid | Should -Be '5566778899'
        $out[1].ClientId | Should -Be '1700000000987654321'
        $out.LinkStatus | Should -Be @('Matched', 'Matched', 'NotFound', 'NoTrackingId')
        $report.Matched | Should -Be 2
        $report.Unattributed | Should -Be 2
        $report.SiteDuplicateIds | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'MissingTrackingId,*'
    }

    It 'takes site records as objects and warns about unattributed chats' {
        $siteRows = @(@{ TrackingId = 'K7M2Q9XH4TPA'; ClientId = 1700000000123456789 })
        $out = $chats[0, 3] | Join-MetricaChatVisit -SiteRecord $siteRows -WarningVariable warns -WarningAction SilentlyContinue
        $out[0].ClientId | Should -Be '1700000000123456789'
        $warns[0].Message | Should -BeLike '1 of 2 chats go unattributed*'
    }

    It 'stops with SiteRecordsNotFound when the file is missing' {
        { $chats | Join-MetricaChatVisit -SitePath (Join-Path $TestDrive 'none.csv') } | Should -Throw -ErrorId 'SiteRecordsNotFound,*'
    }

    It 'pipes into New-MetricaChatEvent by property name' {
        $events = $chats[0, 1] | Join-MetricaChatVisit -SitePath $site -ErrorAction SilentlyContinue | New-MetricaChatEvent
        $events.Count | Should -Be 2
        $events[0].ClientId | Should -Be '1700000000123456789'
        $events[1].ChatUserId | Should -Be '42'
    }
}
