using System;
using MetricaChats.Core.Chats.Values;

namespace MetricaChats.Core.Chats;

/// <summary>
/// Settles, ahead of the import, the two values whose meaning depends on a setting: a time without
/// an offset (read in a named zone) and a phone number without a country code (read in a default
/// region). A step that passes chats on (the join) uses it so its output no longer needs the setting.
/// A value it cannot settle is returned as it came; the import reports it with the usual reason.
/// </summary>
public sealed class ChatValueResolver
{
    private readonly ChatTimeParser? _times;
    private readonly PhoneNumberParser? _phones;

    /// <summary>Creates a resolver.</summary>
    /// <param name="zone">The zone of times without an offset; null leaves times as they are.</param>
    /// <param name="defaultRegion">The country of phone numbers without a country code (checked by <see cref="PhoneRegions.TryParse"/>); null leaves phones as they are.</param>
    /// <exception cref="ArgumentException">The region is not known.</exception>
    public ChatValueResolver(TimeZoneInfo? zone, string? defaultRegion)
    {
        if (!PhoneRegions.TryParse(defaultRegion, out var region, out var problem))
        {
            throw new ArgumentException(problem, nameof(defaultRegion));
        }

        _times = zone is null ? null : new ChatTimeParser(zone);
        _phones = region is null ? null : new PhoneNumberParser(region);
    }

    /// <summary>True when neither a zone nor a region was given (every value passes unchanged).</summary>
    public bool IsEmpty => _times is null && _phones is null;

    /// <summary>A time without an offset as a <see cref="DateTimeOffset"/> in the zone; anything else unchanged.</summary>
    public object? Time(object? value) =>
        _times is not null && _times.Parse(value, out var time, out var inZone) == ChatTimeParse.Ok && inZone ? time : value;

    /// <summary>A valid phone number as <c>+</c> and digits (national forms read in the region); anything else unchanged.</summary>
    public string? Phone(string? value) =>
        _phones is not null && ChatText.Clean(value) is { } text && _phones.Parse(text).Number is { } number ? number : value;
}
