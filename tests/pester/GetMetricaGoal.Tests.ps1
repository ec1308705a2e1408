BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModule
    Connect-TestSandbox
    Reset-TestSandbox
}

AfterAll {
    Reset-TestSandbox
}

Describe 'Get-MetricaGoal' {
    It 'says the first chat upload creates the Chat goal while the counter has none' {
        Get-MetricaGoal -CounterId 12345 | Should -BeNullOrEmpty
        Get-MetricaGoal -CounterId 12345 -Chat -ErrorAction SilentlyContinue -ErrorVariable none | Should -BeNullOrEmpty
        $none.Count | Should -Be 1
        $none[0].FullyQualifiedErrorId | Should -BeLike 'ChatGoalNotFound,*'
        $none[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $none[0].TargetObject | Should -Be 12345
        $none[0].Exception.Message | Should -Match 'the first chat upload creates it'
        $none[0].ErrorDetails.RecommendedAction | Should -Match 'Send-MetricaChatImport -CounterId 12345 -Wait'
        $none[0].ErrorDetails.RecommendedAction | Should -Not -Match '--counter'
        { Get-MetricaGoal -CounterId 12345 -Chat -ErrorAction Stop } | Should -Throw -ErrorId 'ChatGoalNotFound,*'
    }

    It 'outputs the Chat goal the first processed upload creates, once for the uploads of one counter piped in' {
        $chat = @(New-TestRow -Count 3 | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force -Wait -PollIntervalSec 1 | Get-MetricaGoal -Chat)
        $chat.Count | Should -Be 1
        $chat[0].Name | Should -Be 'Chat'
        $chat[0].GoalSource | Should -Be 'auto'
        $chat[0].IsAutomatic | Should -BeTrue
        $chat[0].IsChatGoal | Should -BeTrue
        $chat[0].CounterId | Should -Be 12345
        $known = Invoke-RestMethod -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/goals?counter=12345"
        $chat[0].Id | Should -Be @($known)[0].id
        $chat[0].Id | Should -BeOfType [long]
    }

    It 'lists the goals of counters piped from Get-MetricaCounter and filters them by name' {
        $headers = @{ Authorization = "OAuth $env:METRICA_TEST_TOKEN" }
        $body = '{"goal":{"name":"Order page","type":"url","conditions":[{"type":"contain","url":"/order/done"}]}}'
        Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/management/v1/counter/12345/goals" -Headers $headers -ContentType 'application/json' -Body $body | Out-Null

        $goals = @(Get-MetricaCounter -CounterId 12345, 67890 | Get-MetricaGoal)
        @($goals | ForEach-Object { '{0}:{1}' -f $_.CounterId, $_.Name }) | Should -Be @('12345:Chat', '12345:Order page')
        $order = @(Get-MetricaGoal 12345 'order*')
        $order.Count | Should -Be 1
        $order[0].IsChatGoal | Should -BeFalse
        $order[0].GoalSource | Should -Be 'user'
        $order[0].Type | Should -Be 'url'
        $order[0].Conditions[0].Type | Should -Be 'contain'
        $order[0].Conditions[0].Url | Should -Be '/order/done'
    }

    It 'reports a counter it cannot read as a non-terminating error with the counter as target' {
        $goals = @(12345, 999 | ForEach-Object { [pscustomobject]@{ CounterId = $_ } } | Get-MetricaGoal -ErrorAction SilentlyContinue -ErrorVariable failed)
        $goals.Count | Should -Be 2
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'MetricaNotFound,*'
        $failed[0].TargetObject | Should -Be 999
    }
}

Describe 'Upload statistics' {
    BeforeAll {
        Reset-TestSandbox
        # The sandbox links a row when its ClientId is a visitor the counter knows.
        Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/visitors" -ContentType 'application/json' -Body '{"counter_id":12345,"ClientId":["1700000000000000001","1700000000000000003"]}' | Out-Null
        $script:uploads = @(New-TestRow -Count 4 | Send-MetricaChatImport -CounterId 12345 -BatchSize 2 -Force -Wait -PollIntervalSec 1 -InformationVariable info -InformationAction SilentlyContinue)
        $script:summary = @($info | Where-Object { $_.Tags -contains 'Summary' })[-1].MessageData
    }

    AfterAll {
        Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/settings" -ContentType 'application/json' -Body '{"upload_by_id_path":"singular"}' | Out-Null
        Reset-TestSandbox
        Connect-TestSandbox
    }

    It 'Send-MetricaChatImport -Wait outputs how many chats of each upload Metrica linked to visits' {
        $uploads.Count | Should -Be 2
        @($uploads | ForEach-Object { $_.LinkedQuantity }) | Should -Be @(1, 1)
        @($uploads | ForEach-Object { $_.UserNotFoundQuantity }) | Should -Be @(1, 1)
        @($uploads | ForEach-Object { $_.GoalNotFoundQuantity }) | Should -Be @(0, 0)
    }

    It 'adds them up in the summary line' {
        $summary.LinkedToVisits | Should -Be 2
        $summary.ToString() | Should -Match '; 2 of 4 accepted chat\(s\) linked to visits'
    }

    It 'leaves them empty while Metrica is still processing' {
        Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/quotas" -ContentType 'application/json' -Body '{"processing_seconds":3600}' | Out-Null
        try {
            $slow = New-TestRow -Count 1 -StartAt 60 | Send-MetricaChatImport -CounterId 12345 -Force
            $slow.LinkedQuantity | Should -BeNullOrEmpty
            ($slow | Get-MetricaChatImport).LinkedQuantity | Should -BeNullOrEmpty
        }
        finally {
            Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/quotas" -ContentType 'application/json' -Body '{"processing_seconds":1}' | Out-Null
        }
    }

    It 'reads an upload from the uploads list when the by-id path answers 404' {
        Invoke-RestMethod -Method Post -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/settings" -ContentType 'application/json' -Body '{"upload_by_id_path":"plural"}' | Out-Null
        $again = @($uploads | Get-MetricaChatImport -Wait -PollIntervalSec 1)
        @($again | ForEach-Object { $_.Id }) | Should -Be @($uploads | ForEach-Object { $_.Id })
        @($again | ForEach-Object { $_.LinkedQuantity }) | Should -Be @(1, 1)
        $requests = Invoke-RestMethod -Uri "$env:METRICA_TEST_ENDPOINT/_sandbox/requests"
        @($requests | Where-Object { $_.status_code -eq 404 -and $_.path_and_query -like "*/offline_conversions/uploading/$($uploads[0].Id)" }).Count | Should -BeGreaterOrEqual 1

        Get-MetricaChatImport -CounterId 12345 -UploadId 999999999 -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'MetricaNotFound,*'
    }
}
