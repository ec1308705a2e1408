using System.Net.Http.Json;
using MetricaChats.Core.Api;
using MetricaChats.Core.Auth;
using MetricaChats.Core.Tests.Leak;
using MetricaChats.Proof;
using MetricaChats.Sandbox;
using Xunit;

namespace MetricaChats.Core.Tests.Api;

/// <summary>The counter's goals and the automatic Chat goal, read over HTTP from the sandbox.</summary>
public sealed class ClientGoalTests
{
    [Fact]
    public async Task The_Chat_goal_appears_once_the_first_chat_upload_is_processed_whatever_its_type_string()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var hiddenType = "t" + Guid.NewGuid().ToString("N");
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.Clock = clock;
            o.ProcessingTime = TimeSpan.FromMinutes(5);
            o.ChatGoalType = hiddenType;
        });
        using var http = new HttpClient { BaseAddress = sandbox.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("OAuth", sandbox.Token);
        var made = await http.PostAsJsonAsync($"management/v1/counter/{SandboxHarness.Counter}/goals", new { goal = new { name = "Order page", type = "url", conditions = new[] { new { type = "contain", url = "/order/done" } } } });
        made.EnsureSuccessStatusCode();
        using var client = sandbox.CreateClient();

        var before = await client.ListGoalsAsync(SandboxHarness.Counter);
        var handMade = Assert.Single(before);
        Assert.Equal("Order page", handMade.Name);
        Assert.Equal("url", handMade.Type);
        Assert.Equal("user", handMade.GoalSource);
        Assert.False(handMade.IsAutomatic);
        Assert.Equal(SandboxHarness.Counter, handMade.CounterId);
        var condition = Assert.Single(handMade.Conditions);
        Assert.Equal(("contain", "/order/done"), (condition.Type, condition.Url));
        Assert.Null(MetricaGoal.FindChatGoal(before));

        await client.UploadChatsAsync(SandboxHarness.Counter, new MemoryStream(SandboxHarness.Csv(2)));
        Assert.Null(MetricaGoal.FindChatGoal(await client.ListGoalsAsync(SandboxHarness.Counter)));

        clock.Advance(TimeSpan.FromMinutes(5));
        var after = await client.ListGoalsAsync(SandboxHarness.Counter);
        var chat = MetricaGoal.FindChatGoal(after);
        Assert.NotNull(chat);
        Assert.Equal("Chat", chat!.Name);
        Assert.True(chat.IsAutomatic);
        Assert.True(chat.IsChatGoal);
        Assert.Equal(hiddenType, chat.Type);
        Assert.Empty(chat.Conditions);
        Assert.Equal(sandbox.Server.State.GoalsOf(SandboxHarness.Counter).Single(g => g.IsChatGoal).Id, chat.Id);
        Assert.Empty(await client.ListGoalsAsync(SandboxHarness.OtherCounter));
    }

    [Fact]
    public async Task Reading_goals_is_retried_within_the_budget_and_errors_name_the_request()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        using var client = sandbox.CreateClient();
        sandbox.Server.Faults.ForceNext(SandboxFaultKind.ServiceUnavailable);
        sandbox.Server.Faults.ForceNext(SandboxFaultKind.DropConnection);

        Assert.Empty(await client.ListGoalsAsync(SandboxHarness.Counter));
        Assert.Equal(2, client.RetryCount);

        var denied = await Assert.ThrowsAsync<MetricaApiException>(() => client.ListGoalsAsync(SandboxHarness.ForeignCounter));
        Assert.Equal(MetricaErrorKind.AccessDenied, denied.Kind);
        Assert.Equal("GET /management/v1/counter/" + SandboxHarness.ForeignCounter + "/goals", denied.Request);
    }

    [Fact]
    public async Task An_answer_without_a_goals_list_is_an_unexpected_response_and_unknown_fields_are_ignored()
    {
        using var token = MetricaToken.FromString(Auth.TestTokens.A);
        using var broken = new LoopbackResponder(_ => LoopbackResponder.Response(200, "OK", "{\"counter\":{}}", "application/json"));
        using (var client = new MetricaClient(token, new MetricaClientOptions { Endpoint = broken.BaseAddress, UseSystemProxy = false, MaxRetries = 0 }))
        {
            var error = await Assert.ThrowsAsync<MetricaApiException>(() => client.ListGoalsAsync(5));
            Assert.Equal(MetricaErrorKind.UnexpectedResponse, error.Kind);
        }

        const string body = "{\"goals\":[{\"id\":\"77\",\"name\":\"Chat\",\"type\":\"whatever\",\"goal_source\":\"AUTO\",\"is_favorite\":true,\"steps\":[{\"id\":1}],\"conditions\":[null]},null]}";
        using var odd = new LoopbackResponder(_ => LoopbackResponder.Response(200, "OK", body, "application/json"));
        using var reader = new MetricaClient(token, new MetricaClientOptions { Endpoint = odd.BaseAddress, UseSystemProxy = false, MaxRetries = 0 });
        var goal = Assert.Single(await reader.ListGoalsAsync(5));
        Assert.Equal(77, goal.Id);
        Assert.Equal(5, goal.CounterId);
        Assert.True(goal.IsChatGoal);
        Assert.Empty(goal.Conditions);
    }

    [Theory]
    [InlineData("Chat", "auto", true)]
    [InlineData(" chat ", "auto", true)]
    [InlineData("Chat", "user", false)]
    [InlineData("Chat", null, false)]
    [InlineData("Call", "auto", false)]
    [InlineData("Chat goal", "auto", false)]
    public void The_Chat_goal_is_known_by_its_name_and_source_alone(string name, string? source, bool chat)
    {
        var goal = new MetricaGoal { Id = 1, Name = name, GoalSource = source, Type = "messenger" };
        Assert.Equal(chat, goal.IsChatGoal);
        Assert.Equal(chat ? goal : null, MetricaGoal.FindChatGoal(new[] { new MetricaGoal { Id = 2, Name = "Other", GoalSource = "auto" }, goal }));
    }
}
