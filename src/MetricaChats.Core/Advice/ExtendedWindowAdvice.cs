using System;
using System.Collections.Generic;
using System.Globalization;

namespace MetricaChats.Core.Advice;

/// <summary>What an import should say once about the rows' ages and the counter's extended window.</summary>
public enum ExtendedWindowAdviceKind
{
    /// <summary>Rows older than 16 hours, and the counter's calls extended window is off: turn it on for the next imports.</summary>
    EnableWindow = 1,

    /// <summary>Rows older than 21 days: no setting lets Metrica join them to their visits.</summary>
    TooOldForAnyWindow = 2,
}

/// <summary>
/// The once-per-run advice about the extended window, decided from the counter's window state
/// (read once before the import) and the rows' ages. Front-end neutral: the front end passes
/// the spelling of its own command that turns the window on.
/// </summary>
public sealed class ExtendedWindowAdvice
{
    private ExtendedWindowAdvice(ExtendedWindowAdviceKind kind, long rows)
    {
        Kind = kind;
        Rows = rows;
    }

    /// <summary>Which advice.</summary>
    public ExtendedWindowAdviceKind Kind { get; }

    /// <summary>The rows it is about.</summary>
    public long Rows { get; }

    /// <summary>A stable code for scripts (<c>EnableExtendedWindow</c>, <c>OlderThan21Days</c>).</summary>
    public string Code => Kind == ExtendedWindowAdviceKind.EnableWindow ? "EnableExtendedWindow" : "OlderThan21Days";

    /// <summary>
    /// The advice for an import: none, one or both. <paramref name="windowEnabled"/> is the
    /// counter's calls extended window as read before the import (null when it could not be read:
    /// then only the 21-day advice, which holds whatever the window, is given).
    /// </summary>
    public static IReadOnlyList<ExtendedWindowAdvice> Decide(bool? windowEnabled, RowAgeTally ages)
    {
        if (ages is null)
        {
            throw new ArgumentNullException(nameof(ages));
        }

        var advice = new List<ExtendedWindowAdvice>(2);
        if (windowEnabled == false && ages.OlderThanSessionWindow > 0)
        {
            advice.Add(new ExtendedWindowAdvice(ExtendedWindowAdviceKind.EnableWindow, ages.OlderThanSessionWindow));
        }

        if (ages.OlderThanExtendedWindow > 0)
        {
            advice.Add(new ExtendedWindowAdvice(ExtendedWindowAdviceKind.TooOldForAnyWindow, ages.OlderThanExtendedWindow));
        }

        return advice;
    }

    /// <summary>The advice in words.</summary>
    /// <param name="enableCommand">The front end's command that turns the window on, e.g. <c>metrica-chats calls-window enable --counter 12345</c>.</param>
    public string Message(string enableCommand)
    {
        var rows = Rows.ToString("N0", CultureInfo.InvariantCulture) + (Rows == 1 ? " row is" : " rows are");
        return Kind == ExtendedWindowAdviceKind.EnableWindow
            ? rows + " older than 16 hours and the counter's calls extended window is off: Metrica may no longer join them to their visits "
                + "(with the window off, a session takes offline chats for 16 hours after it ends). Turn the window on with "
                + enableCommand + ". It applies to sessions from then on (growing day by day to 21 days), so it helps the next imports, not these rows."
            : rows + " older than 21 days: no setting lets Metrica join them to their visits (the extended window reaches 21 days at most). "
                + "They are imported, but count as chats without a visit. Import chats sooner, e.g. every night.";
    }
}
