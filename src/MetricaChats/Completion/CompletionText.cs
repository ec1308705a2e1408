using System;
using System.Globalization;
using System.Management.Automation;

namespace MetricaChats.Completion;

/// <summary>Text helpers of the completers (testable without a PowerShell host).</summary>
internal static class CompletionText
{
    /// <summary>
    /// What the user typed as a case-insensitive pattern: a prefix when it has no wildcard
    /// (<c>shop</c> matches <c>Shop main</c>), else the wildcard pattern with a trailing <c>*</c>.
    /// </summary>
    public static WildcardPattern Pattern(string? wordToComplete)
    {
        var word = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
        return new WildcardPattern(word + "*", WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
    }

    /// <summary><paramref name="value"/> as a PowerShell argument: single-quoted when it holds anything but letters, digits, '-', '_' and '.'.</summary>
    public static string Quote(string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        foreach (var c in value)
        {
            if (!char.IsLetterOrDigit(c) && c != '-' && c != '_' && c != '.')
            {
                return "'" + value.Replace("'", "''") + "'";
            }
        }

        return value.Length == 0 ? "''" : value;
    }

    /// <summary>The counter id given on the command line (a number, text or a counter object), or null.</summary>
    public static int? CounterId(object? value)
    {
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        switch (value)
        {
            case int id:
                return id;
            case long or short or uint or ulong:
                var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                return number is > 0 and <= int.MaxValue ? (int)number : null;
            case string text when int.TryParse(text.Trim().Trim('\'', '"'), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            case Core.Api.MetricaCounter counter:
                return counter.Id;
            default:
                return null;
        }
    }
}
