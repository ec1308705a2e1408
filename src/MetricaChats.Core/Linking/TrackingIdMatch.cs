using System;
using System.Collections.Generic;

namespace MetricaChats.Core.Linking;

/// <summary>A tracking id found in a message or start parameter.</summary>
public sealed class TrackingIdMatch
{
    private static readonly IReadOnlyList<string> None = Array.Empty<string>();

    /// <summary>Creates a match.</summary>
    public TrackingIdMatch(string trackingId, TrackingIdSource source, string raw, IReadOnlyList<string>? otherIds = null)
    {
        TrackingId = trackingId;
        Source = source;
        Raw = raw;
        OtherIds = otherIds ?? None;
    }

    /// <summary>The id in canonical form (upper case unless the extractor is case-sensitive).</summary>
    public string TrackingId { get; }

    /// <summary>Where it was found.</summary>
    public TrackingIdSource Source { get; }

    /// <summary>The id as written in the message (after Unicode normalisation).</summary>
    public string Raw { get; }

    /// <summary>Further different ids found by the same rule (a message with two tags); empty normally.</summary>
    public IReadOnlyList<string> OtherIds { get; }

    /// <summary>True when the message held more than one different id.</summary>
    public bool IsAmbiguous => OtherIds.Count > 0;

    /// <summary>The id first, then <see cref="OtherIds"/>.</summary>
    public IEnumerable<string> Candidates
    {
        get
        {
            yield return TrackingId;
            foreach (var other in OtherIds)
            {
                yield return other;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => TrackingId + " (" + Source + ")";
}
