using System.Collections.Generic;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Api;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Lists a counter's goals, or with -Chat the automatic Chat goal that the counter's first chat upload creates.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "MetricaGoal", DefaultParameterSetName = ListSet)]
[OutputType(typeof(MetricaGoal))]
public sealed class GetMetricaGoalCommand : MetricaCmdlet
{
    private const string ListSet = "List";
    private const string ChatSet = "Chat";

    // Counters already answered in this call: piped uploads of one counter list its goals once.
    private readonly HashSet<int> _done = new();

    /// <summary>The counter whose goals to list.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    [ArgumentCompleter(typeof(CounterIdCompleter))]
    public int CounterId { get; set; }

    /// <summary>Goal name filter; wildcards allowed.</summary>
    [Parameter(Position = 1, ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Output only the automatic Chat goal (a ChatGoalNotFound error when the counter has none yet).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ChatSet)]
    public SwitchParameter Chat { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var counterId = CounterId;
        if (!_done.Add(counterId))
        {
            return;
        }

        var client = RequireClient();
        IReadOnlyList<MetricaGoal> goals;
        try
        {
            goals = RunAsync(ct => client.ListGoalsAsync(counterId, ct));
        }
        catch (MetricaApiException ex)
        {
            WriteApiError(ex, counterId);
            return;
        }

        if (Chat.IsPresent)
        {
            if (MetricaGoal.FindChatGoal(goals) is { } chat)
            {
                WriteObject(chat);
            }
            else
            {
                WriteError(UserError(new ItemNotFoundException(GoalMessages.NoChatGoal(counterId)), "ChatGoalNotFound", ErrorCategory.ObjectNotFound, counterId, GoalMessages.NoChatGoalAction(counterId)));
            }

            return;
        }

        var names = NamePatterns.Create(Name);
        foreach (var goal in goals)
        {
            if (NamePatterns.Match(names, goal.Name))
            {
                WriteObject(goal);
            }
        }
    }
}
