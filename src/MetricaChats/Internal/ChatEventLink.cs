using System;
using System.Runtime.CompilerServices;
using MetricaChats.Core.Chats;

namespace MetricaChats.Internal;

/// <summary>
/// Links a New-MetricaChatEvent run to the Send-MetricaChatImport that receives its events, so
/// that what a user sees after <c>Import-Csv | New-MetricaChatEvent | Send-MetricaChatImport</c>
/// is one reconciliation of the whole input (New's rejections included), and so that a New that
/// must stop (-ErrorAction Stop on a bad row) can first let Send's uploads in flight settle and
/// name them. Found through New's first event (a weak table: nothing is kept alive); no other
/// state is shared, and events that reach Send any other way simply have no link.
/// </summary>
internal sealed class ChatEventLink
{
    private static readonly ConditionalWeakTable<ChatEvent, ChatEventLink> ByFirstEvent = new();

    /// <summary>New's counts so far (complete once <see cref="IsComplete"/>).</summary>
    public MetricaChatEventSummary Summary { get; } = new();

    /// <summary>True once New has ended normally (its counts are final).</summary>
    public bool IsComplete { get; private set; }

    /// <summary>True once a Send has taken New's first event.</summary>
    public bool IsClaimed => Downstream is not null;

    /// <summary>
    /// Set by the Send that took New's first event: stops its import at New's request, waits for the
    /// uploads in flight and returns its summary (null when nothing was imported yet).
    /// </summary>
    public Func<string, MetricaChatImportSummary?>? Downstream { get; private set; }

    private bool _registered;

    /// <summary>Remembers <paramref name="chatEvent"/> as this run's first output (called for every output; only the first counts).</summary>
    public void Register(ChatEvent chatEvent)
    {
        if (_registered)
        {
            return;
        }

        _registered = true;
        ByFirstEvent.Add(chatEvent, this);
    }

    /// <summary>Marks New's counts final.</summary>
    public void Complete() => IsComplete = true;

    /// <summary>The link of the New run whose first event <paramref name="chatEvent"/> is, or null.</summary>
    public static ChatEventLink? Find(ChatEvent chatEvent) => ByFirstEvent.TryGetValue(chatEvent, out var link) ? link : null;

    /// <summary>
    /// Attaches the Send that is taking this run's events while New still runs (the first Send
    /// only): New calls <paramref name="stopDownstream"/> before a bad row ends it.
    /// </summary>
    public void Attach(Func<string, MetricaChatImportSummary?> stopDownstream)
    {
        if (!IsComplete && Downstream is null)
        {
            Downstream = stopDownstream ?? throw new ArgumentNullException(nameof(stopDownstream));
        }
    }
}
