using System;
using System.Collections.Generic;
using System.Management.Automation;
using MetricaChats.Completion;
using MetricaChats.Core.Api;
using MetricaChats.Internal;

namespace MetricaChats.Commands;

/// <summary>
/// <para type="synopsis">Lists the Metrica counters the token can see, or gets counters by id.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "MetricaCounter", DefaultParameterSetName = ListSet)]
[OutputType(typeof(MetricaCounter))]
public sealed class GetMetricaCounterCommand : MetricaCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    /// <summary>Counter ids to get.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateRange(1, int.MaxValue)]
    [ArgumentCompleter(typeof(CounterIdCompleter))]
    public int[]? CounterId { get; set; }

    /// <summary>Counter name filter; wildcards allowed.</summary>
    [Parameter(Position = 0, ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CounterNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Site filter; wildcards allowed.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Site { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var client = RequireClient();
        if (ParameterSetName == ByIdSet)
        {
            foreach (var id in CounterId!)
            {
                try
                {
                    WriteObject(RunAsync(ct => client.GetCounterAsync(id, ct)));
                }
                catch (MetricaApiException ex)
                {
                    WriteApiError(ex, id);
                }
            }

            return;
        }

        IReadOnlyList<MetricaCounter> counters;
        try
        {
            counters = RunAsync(ct => client.ListCountersAsync(ct));
        }
        catch (MetricaApiException ex)
        {
            WriteApiError(ex, null);
            return;
        }

        CounterCompletionCache.Shared.Store(client.Endpoint, counters, DateTimeOffset.UtcNow);
        var names = NamePatterns.Create(Name);
        var sites = NamePatterns.Create(Site);
        foreach (var counter in counters)
        {
            if (NamePatterns.Match(names, counter.Name) && NamePatterns.Match(sites, counter.Site))
            {
                WriteObject(counter);
            }
        }
    }
}
