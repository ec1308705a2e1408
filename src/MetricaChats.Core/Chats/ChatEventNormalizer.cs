using System;

namespace MetricaChats.Core.Chats;

/// <summary>
/// Turns a raw <see cref="ChatRecord"/> into a valid <see cref="ChatEvent"/>, or into exactly
/// one error issue naming the first failing field (in column order) and listing any others.
/// Stateless apart from its options, so one instance may be shared across threads.
/// The rules are documented in docs/chat-fields.md.
/// </summary>
public sealed partial class ChatEventNormalizer
{
    /// <summary>Creates a normaliser.</summary>
    /// <param name="options">Settings; null for the defaults (system clock, local time zone, 5 minutes skew, 21 days join window).</param>
    public ChatEventNormalizer(ChatNormalizerOptions? options = null)
    {
        Options = options ?? new ChatNormalizerOptions();
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
}
