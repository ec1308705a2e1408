using System.Globalization;
using System.Text.Json;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Api;

namespace MetricaChats.Cli.Commands;

// goals: the counter's goals, and the automatic Chat goal (found by name and goal_source, never
// by its type: Metrica does not publish the chat goal's type string).
internal sealed partial class ApiCommands
{
    /// <summary><c>goals</c>: every goal, or with <paramref name="chatOnly"/> the Chat goal alone (exit 1 when there is none yet).</summary>
    public async Task<int> GoalsAsync(ConnectionRequest request, int counter, bool chatOnly, CancellationToken cancellationToken)
    {
        RequireCounter(counter);
        await using var connection = await OpenAsync(request, cancellationToken).ConfigureAwait(false);
        var goals = await connection.Client.ListGoalsAsync(counter, cancellationToken).ConfigureAwait(false);
        var chat = MetricaGoal.FindChatGoal(goals);
        var shown = chatOnly ? (chat is null ? [] : [chat]) : goals;
        var code = chatOnly && chat is null ? ExitCodes.Failure : ExitCodes.Success;
        var missing = chat is null ? NoChatGoal(counter) : null;
        if (_json)
        {
            JsonOut.WriteObject(_console.Out, w =>
            {
                w.WriteNumber("counter", counter);
                w.WriteBoolean("chatOnly", chatOnly);
                if (chat is null)
                {
                    w.WriteNull("chatGoal");
                }
                else
                {
                    w.WritePropertyName("chatGoal");
                    WriteGoal(w, chat);
                }

                w.WriteStartArray("goals");
                foreach (var goal in shown)
                {
                    WriteGoal(w, goal);
                }

                w.WriteEndArray();
                w.StringOrNull("message", missing);
                w.WriteNumber("exitCode", code);
            });
            return code;
        }

        if (!chatOnly)
        {
            WriteGoalTable(counter, goals);
        }

        _console.Out.WriteLine(chat is null ? missing : ChatGoalLine(chat));
        return code;
    }

    private static string NoChatGoal(int counter)
    {
        var id = counter.ToString(CultureInfo.InvariantCulture);
        return "Counter " + id + " has no Chat goal yet: the first chat upload creates it. Import chats with 'metrica-chats import <file.csv> --counter " + id +
            "'; Metrica makes the goal when it has processed that upload (up to 2 hours), then run 'metrica-chats goals --counter " + id + " --chat' again.";
    }

    private static string ChatGoalLine(MetricaGoal chat)
    {
        var id = chat.Id.ToString(CultureInfo.InvariantCulture);
        return "Chat goal of counter " + chat.CounterId.ToString(CultureInfo.InvariantCulture) + ": id " + id +
            " (made by Metrica with the first chat upload). In reports: ym:s:goal" + id + "reaches, ym:s:goal" + id + "conversionRate.";
    }

    private void WriteGoalTable(int counter, IReadOnlyList<MetricaGoal> goals)
    {
        var o = _console.Out;
        if (goals.Count == 0)
        {
            o.WriteLine("Counter " + counter.ToString(CultureInfo.InvariantCulture) + " has no goals.");
            return;
        }

        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-12} {1,-30} {2,-14} {3,-7} {4}", "ID", "NAME", "TYPE", "SOURCE", "CHAT"));
        foreach (var g in goals)
        {
            o.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-12} {1,-30} {2,-14} {3,-7} {4}", g.Id, g.Name, g.Type ?? "-", g.GoalSource ?? "-", g.IsChatGoal ? "yes" : string.Empty).TrimEnd());
        }
    }

    private static void WriteGoal(Utf8JsonWriter w, MetricaGoal goal)
    {
        w.WriteStartObject();
        w.WriteNumber("id", goal.Id);
        w.WriteString("name", goal.Name);
        w.StringOrNull("type", goal.Type);
        w.StringOrNull("goalSource", goal.GoalSource);
        w.WriteBoolean("automatic", goal.IsAutomatic);
        w.WriteBoolean("chat", goal.IsChatGoal);
        w.WriteStartArray("conditions");
        foreach (var c in goal.Conditions)
        {
            w.WriteStartObject();
            w.StringOrNull("type", c.Type);
            w.StringOrNull("url", c.Url);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
