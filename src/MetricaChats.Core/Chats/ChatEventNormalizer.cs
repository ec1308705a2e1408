using System;
using System.Threading;
using MetricaChats.Core.Chats.Values;

namespace MetricaChats.Core.Chats;

/// <summary>
/// Turns a raw <see cref="ChatRecord"/> into a valid <see cref="ChatEvent"/>, or into exactly
/// one error issue naming the first failing field (in column order) and listing any others.
/// The values are read by the parsers in <c>Chats/Values</c> (time, phone, money, URL); this class
/// holds the row rules. Stateless apart from its options and a once-per-normaliser notice flag, so
/// one instance may be shared across threads. The rules are documented in docs/chat-fields.md.
/// </summary>
public sealed partial class ChatEventNormalizer
{
    private readonly ChatTimeParser _times;
    private readonly PhoneNumberParser _phones;
    private readonly bool _noticeUtc;
    private int _utcNoticeGiven;

    /// <summary>Creates a normaliser.</summary>
    /// <param name="options">Settings; null for the defaults (system clock, the machine's time zone, 5 minutes skew, 21 days join window, no default region).</param>
    /// <exception cref="ArgumentException"><see cref="ChatNormalizerOptions.DefaultRegion"/> is not a known region.</exception>
    public ChatEventNormalizer(ChatNormalizerOptions? options = null)
    {
        Options = options ?? new ChatNormalizerOptions();
        if (!PhoneRegions.TryParse(Options.DefaultRegion, out var region, out var problem))
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _times = new ChatTimeParser(Options.LocalTimeZone);
        _phones = new PhoneNumberParser(region);
        var zone = Options.LocalTimeZone;
        _noticeUtc = !Options.IsTimeZoneGiven && zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime;
    }

    /// <summary>The settings in use.</summary>
    public ChatNormalizerOptions Options { get; }

    /// <summary>Normalises and validates one record.</summary>
    /// <param name="record">The raw record.</param>
    /// <returns>The event with its warnings, or the single error.</returns>
    public ChatNormalizeResult Normalize(ChatRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        var result = NormalizeCore(record);
        if (result.Event is { } accepted)
        {
            Options.Accepted?.Invoke(accepted);
        }

        return result;
    }

    /// <summary>True the first time only (across threads): the UTC notice goes out once per normaliser.</summary>
    private bool TakeUtcNotice() => _noticeUtc && Interlocked.Exchange(ref _utcNoticeGiven, 1) == 0;
}
