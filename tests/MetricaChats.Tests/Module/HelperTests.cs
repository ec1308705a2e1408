using System.Collections.Concurrent;
using MetricaChats.Completion;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Core.Chats;
using MetricaChats.Internal;

namespace MetricaChats.Tests.Module;

/// <summary>The cmdlet layer's helper logic that runs without a PowerShell host.</summary>
public sealed class PipelineDispatcherTests
{
    [Fact]
    public void Actions_posted_from_background_work_run_on_the_calling_thread_in_order()
    {
        using var dispatcher = new PipelineDispatcher();
        var pipelineThread = Environment.CurrentManagedThreadId;
        var ran = new List<(int Value, int Thread)>();
        var result = dispatcher.Run(async ct =>
        {
            await Task.Yield();
            for (var i = 0; i < 50; i++)
            {
                var value = i;
                dispatcher.Post(() => ran.Add((value, Environment.CurrentManagedThreadId)));
            }

            return "done";
        }, CancellationToken.None);

        Assert.Equal("done", result);
        Assert.Equal(Enumerable.Range(0, 50), ran.Select(r => r.Value));
        Assert.All(ran, r => Assert.Equal(pipelineThread, r.Thread));
    }

    [Fact]
    public void Progress_reports_from_another_thread_arrive_on_the_pipeline_thread()
    {
        using var dispatcher = new PipelineDispatcher();
        var pipelineThread = Environment.CurrentManagedThreadId;
        var threads = new ConcurrentBag<int>();
        var progress = dispatcher.CreateProgress<int>(_ => threads.Add(Environment.CurrentManagedThreadId));
        dispatcher.Run(ct => Task.Run(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                progress.Report(i);
            }
        }, ct), CancellationToken.None);

        Assert.Equal(10, threads.Count);
        Assert.All(threads, t => Assert.Equal(pipelineThread, t));
    }

    [Fact]
    public async Task Work_that_ends_before_the_dispatcher_starts_waiting_does_not_hang_the_pipeline()
    {
        // Regression: when the work finished before Run attached its wake-up, the wake-up ran
        // inline on the pipeline thread instead of being queued, and Run waited for ever.
        // The loop runs on its own thread so that a regression fails here instead of hanging.
        var loop = Task.Factory.StartNew(
            () =>
            {
                using var dispatcher = new PipelineDispatcher();
                for (var i = 0; i < 3000; i++)
                {
                    Assert.Equal(i, dispatcher.Run(_ => Task.FromResult(i), CancellationToken.None));
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var finished = await Task.WhenAny(loop, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(ReferenceEquals(finished, loop), "Run did not return: the dispatcher missed the end of the work");
        await loop;
    }

    [Fact]
    public void The_work_exception_is_rethrown_after_posted_actions_ran()
    {
        using var dispatcher = new PipelineDispatcher();
        var posted = false;
        var ex = Assert.Throws<InvalidOperationException>(() => dispatcher.Run<int>(async ct =>
        {
            await Task.Yield();
            dispatcher.Post(() => posted = true);
            throw new InvalidOperationException("boom");
        }, CancellationToken.None));
        Assert.Equal("boom", ex.Message);
        Assert.True(posted);
    }

    [Fact]
    public async Task Cancellation_ends_the_run_with_OperationCanceledException()
    {
        using var dispatcher = new PipelineDispatcher();
        using var cts = new CancellationTokenSource();
        var started = new ManualResetEventSlim();
        var canceller = Task.Run(() =>
        {
            started.Wait();
            cts.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() => dispatcher.Run(async ct =>
        {
            started.Set();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, cts.Token));
        await canceller;
    }

    [Fact]
    public void The_tick_runs_on_the_pipeline_thread_while_the_work_waits()
    {
        using var dispatcher = new PipelineDispatcher();
        var pipelineThread = Environment.CurrentManagedThreadId;
        var ticks = new List<int>();
        using var gate = new SemaphoreSlim(0);
        dispatcher.Run(async ct => await gate.WaitAsync(ct), CancellationToken.None, () =>
        {
            ticks.Add(Environment.CurrentManagedThreadId);
            if (ticks.Count == 3)
            {
                gate.Release();
            }
        }, TimeSpan.FromMilliseconds(1));

        Assert.True(ticks.Count >= 3);
        Assert.All(ticks, t => Assert.Equal(pipelineThread, t));
    }

    [Fact]
    public async Task Run_refuses_to_start_from_another_thread()
    {
        using var dispatcher = new PipelineDispatcher();
        var ex = await Task.Run(() => Record.Exception(() => dispatcher.Run(_ => Task.FromResult(1), CancellationToken.None)));
        Assert.IsType<InvalidOperationException>(ex);
    }

    [Fact]
    public void Post_on_the_pipeline_thread_runs_at_once()
    {
        using var dispatcher = new PipelineDispatcher();
        var ran = false;
        dispatcher.Post(() => ran = true);
        Assert.True(ran);
    }
}

public sealed class CmdletHelperTests
{
    [Theory]
    [InlineData(false, false, false, false)]
    [InlineData(true, false, false, true)]
    [InlineData(true, true, false, false)]
    [InlineData(true, false, true, false)]
    [InlineData(false, true, true, false)]
    public void Force_skips_the_prompt_but_never_WhatIf_or_an_explicit_Confirm(bool force, bool confirm, bool whatIf, bool proceedsWithoutAsking)
    {
        Assert.Equal(proceedsWithoutAsking ? ConfirmDecision.Proceed : ConfirmDecision.AskShouldProcess, ConfirmPolicy.Decide(force, confirm, whatIf));
    }

    [Fact]
    public void Raw_rows_map_through_the_Core_alias_table()
    {
        var record = ChatRecordBuilder.FromValues(new Dictionary<string, object?>
        {
            ["Timestamp"] = "2026-11-20 10:00",
            ["Messenger"] = "tg",
            ["Phone"] = "+7 900 000-00-00",
            ["_ym_uid"] = "1234567890",
            ["Amount"] = 12.5m,
            ["Unrelated"] = "ignored",
        }, 7);

        Assert.Equal(7, record.RowNumber);
        Assert.Equal("2026-11-20 10:00", record.DateTime);
        Assert.Equal("tg", record.ChatPlatform);
        Assert.Equal("+7 900 000-00-00", record.PhoneNumber);
        Assert.Equal("1234567890", record.ClientId);
        Assert.Equal(12.5m, record.Revenue);
        Assert.Null(record.ChatUsername);
    }

    [Fact]
    public void The_canonical_name_wins_over_an_alias_and_empty_values_do_not_count()
    {
        var record = ChatRecordBuilder.FromValues(new List<KeyValuePair<string, object?>>
        {
            new("Platform", "wa"),
            new("ChatPlatform", "viber"),
            new("Messenger", "tg"),
            new("Phone", "   "),
            new("Tel", "+79000000000"),
        }, 1);

        Assert.Equal("viber", record.ChatPlatform);
        Assert.Equal("+79000000000", record.PhoneNumber);
    }

    [Fact]
    public void Text_fields_take_numbers_in_the_invariant_culture_and_keep_typed_fields_as_given()
    {
        var record = new ChatRecord();
        ChatRecordBuilder.Set(record, ChatField.ClientId, 1234567890123L);
        ChatRecordBuilder.Set(record, ChatField.Answered, true);
        var when = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        ChatRecordBuilder.Set(record, ChatField.DateTime, when);
        Assert.Equal("1234567890123", record.ClientId);
        Assert.Equal(true, record.Answered);
        Assert.Equal(when, record.DateTime);
    }

    [Fact]
    public void Every_field_can_be_set()
    {
        var record = new ChatRecord();
        foreach (var field in Enum.GetValues<ChatField>())
        {
            ChatRecordBuilder.Set(record, field, "x");
        }

        Assert.Equal("x", record.TrackerUrl);
        Assert.Equal("x", record.Url);
        Assert.Equal("x", record.Currency);
        Assert.Throws<ArgumentOutOfRangeException>(() => ChatRecordBuilder.Set(record, (ChatField)999, "x"));
    }

    [Fact]
    public void Counter_completion_matches_id_prefixes_first_then_names_and_sites()
    {
        var counters = new[]
        {
            new MetricaCounter { Id = 5123, Name = "Blog", Site = "blog.example" },
            new MetricaCounter { Id = 1234, Name = "Shop 51", Site = "shop.example" },
            new MetricaCounter { Id = 51, Name = "Landing", Site = "landing.example" },
        };

        Assert.Equal(new[] { 51, 5123, 1234 }, CounterCompletionCache.Match(counters, "51").Select(c => c.Id));
        Assert.Equal(new[] { 1234 }, CounterCompletionCache.Match(counters, "SHOP").Select(c => c.Id));
        Assert.Equal(new[] { 5123 }, CounterCompletionCache.Match(counters, "'blog.ex").Select(c => c.Id));
        Assert.Equal(3, CounterCompletionCache.Match(counters, "").Count());
        Assert.Empty(CounterCompletionCache.Match(counters, "nothing"));
    }

    [Fact]
    public void The_counter_cache_is_per_endpoint_and_expires()
    {
        var cache = new CounterCompletionCache(TimeSpan.FromMinutes(5));
        var endpoint = new Uri("http://127.0.0.1:5000/");
        var t0 = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        IReadOnlyList<MetricaCounter> list = new[] { new MetricaCounter { Id = 1 } };
        cache.Store(endpoint, list, t0);

        Assert.Same(list, cache.TryGet(endpoint, t0.AddMinutes(4)));
        Assert.Null(cache.TryGet(new Uri("http://127.0.0.1:5001/"), t0));
        Assert.Null(cache.TryGet(endpoint, t0.AddMinutes(5)));
        Assert.Null(cache.TryGet(endpoint, t0.AddMinutes(-1)));
        cache.Clear();
        Assert.Null(cache.TryGet(endpoint, t0));
    }

    [Fact]
    public void Platform_completion_offers_the_wire_spellings()
    {
        Assert.Equal(new[] { "whatsapp", "telegram", "viber" }, PlatformValues.All);
        Assert.Equal(new[] { "telegram" }, PlatformValues.Matching("Te"));
        Assert.Equal(new[] { "viber" }, PlatformValues.Matching("'v"));
        Assert.Equal(3, PlatformValues.Matching(null).Count());
    }

    [Fact]
    public void Dry_run_files_are_the_given_path_then_numbered()
    {
        var outFile = Path.Combine("data", "chats.csv");
        Assert.Equal(outFile, DryRunFiles.For(outFile, 1));
        Assert.Equal(Path.Combine("data", "chats-000002.csv"), DryRunFiles.For(outFile, 2));
        Assert.Equal(Path.Combine("data", "chats-000123"), DryRunFiles.For(Path.Combine("data", "chats"), 123));
        Assert.Throws<ArgumentOutOfRangeException>(() => DryRunFiles.For(outFile, 0));
        var work = DryRunFiles.WorkingDirectory(Path.Combine(Path.GetTempPath(), "x", "chats.csv"));
        Assert.Equal(Path.Combine(Path.GetTempPath(), "x"), Path.GetDirectoryName(work));
        Assert.NotEqual(work, DryRunFiles.WorkingDirectory(Path.Combine(Path.GetTempPath(), "x", "chats.csv")));
    }

    [Theory]
    [InlineData("PREPARED", 10)]
    [InlineData("uploaded", 30)]
    [InlineData("EXPORTED", 55)]
    [InlineData("MATCHED", 80)]
    [InlineData("PROCESSED", 100)]
    [InlineData("LINKAGE_FAILURE", 100)]
    [InlineData("SOMETHING_NEW", 0)]
    [InlineData(null, 0)]
    public void Upload_status_maps_to_a_progress_percentage(string? status, int percent)
    {
        Assert.Equal(percent, UploadStages.Percent(status));
    }

    [Fact]
    public void Each_warning_code_is_shown_once_and_counted()
    {
        var throttle = new WarningThrottle();
        Assert.True(throttle.ShouldShow("Unattributed"));
        Assert.False(throttle.ShouldShow("Unattributed"));
        Assert.True(throttle.ShouldShow("OutsideJoinWindow"));
        Assert.False(throttle.ShouldShow("Unattributed"));
        Assert.Equal(3, throttle.Counts["Unattributed"]);
        Assert.Equal(1, throttle.Counts["OutsideJoinWindow"]);
    }

    [Fact]
    public void Window_notes_say_the_window_applies_from_now_on_and_grows_to_21_days()
    {
        var enabled = WindowMessages.Enabled(12345);
        Assert.Contains("12345", enabled);
        Assert.Contains("from now on", enabled);
        Assert.Contains("21 days", enabled);
        Assert.Contains("1 to 21", enabled);
        Assert.Contains("16-hour", WindowMessages.Disabled(12345));
    }

    [Fact]
    public void Accounts_show_saved_profiles_and_an_unsaved_session_but_never_the_token()
    {
        const string secret = "y0_AgAAAABtestsecretvalue1234567890";
        var work = new MetricaProfile("work", new Uri("https://api-metrika.yandex.net/"), TokenStorageKind.LinuxSecretService, "libsecret entry 'work'");
        var plain = new MetricaProfile("lab", new Uri("http://127.0.0.1:8080/"), TokenStorageKind.UnprotectedFile, "/home/u/.config/metricachats/lab.token (plain file)");
        using var session = new SessionConnection(
            new MetricaConnection("default", new Uri("http://127.0.0.1:8080/"), MetricaToken.FromString(secret), TokenSource.Environment("METRICA_TOKEN")),
            null,
            null,
            null);

        var accounts = AccountView.List(new[] { plain, work }, session);

        Assert.Equal(new[] { "lab", "work", "default" }, accounts.Select(a => a.Profile));
        Assert.False(accounts[0].IsProtected);
        Assert.Equal("Plain file (NOT protected)", accounts[0].Storage);
        Assert.Equal("Secret Service (libsecret)", accounts[1].Storage);
        Assert.True(accounts[2].Connected);
        Assert.Equal("Environment", accounts[2].TokenSource);
        Assert.Null(accounts[2].Storage);
        foreach (var account in accounts)
        {
            var shown = account + string.Join("|", typeof(MetricaAccount).GetProperties().Select(p => p.GetValue(account)?.ToString()));
            Assert.DoesNotContain(secret[..8], shown);
        }
    }

    [Fact]
    public void A_saved_profile_that_is_connected_is_listed_once_and_marked()
    {
        var work = new MetricaProfile("work", new Uri("https://api-metrika.yandex.net/"), TokenStorageKind.WindowsDpapi, "C:\\Users\\u\\AppData\\work.bin");
        using var session = new SessionConnection(
            new MetricaConnection("WORK", work.Endpoint, MetricaToken.FromString("y0_secretsecretsecret"), TokenSource.Profile(work)),
            new Uri("http://proxy.local:3128/"),
            null,
            work);

        var account = Assert.Single(AccountView.List(new[] { work }, session));
        Assert.True(account.Connected);
        Assert.Equal("Stored", account.TokenSource);
        Assert.Equal("DPAPI (current user)", account.Storage);
        Assert.Equal(new Uri("http://proxy.local:3128/"), account.Proxy);
    }
}
