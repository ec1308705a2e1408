using System;

namespace MetricaChats.Internal;

/// <summary>What the linking cmdlets say about refused tracking id options, in one place.</summary>
internal static class LinkingErrors
{
    /// <summary>The recommended action for a refused -Prefix/-Length of New-MetricaChatTrackingId.</summary>
    public const string FormatAction = "Give -Prefix only the letters A-Z, the digits 0-9, '_' and '-' (for example 'SHOP-'), and -Length 6 or more; prefix and length together may be at most 64 characters.";

    /// <summary>The recommended action for refused -Prefix, -Length or -TagKeyword of Find- and Join-.</summary>
    public const string OptionsAction = "Give -Prefix and -Length as the ids were made (-Prefix of the letters A-Z, the digits 0-9, '_' and '-'; -Length 6 or more), and -TagKeyword as 1 to 16 Latin letters or digits; or leave them out.";

    /// <summary>The option a refused format or keyword came from (by the engine's parameter name), as the error's target.</summary>
    public static object? OptionTarget(ArgumentException exception, string? prefix, int length, string? tagKeyword) => exception?.ParamName switch
    {
        "length" => length,
        "keyword" => tagKeyword,
        _ => prefix,
    };
}
