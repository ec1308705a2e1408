using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MetricaChats.Core.Chats.Values;

namespace MetricaChats.Core.Chats;

/// <summary>
/// The one place that decides what an input's column names mean for the import, for a CSV header
/// (<see cref="ChatCsvReader"/>) and for the property names of objects (PowerShell's Import-Csv
/// rows, through <see cref="ChatColumnTracker"/>): which names are not used, and, when none is a chat
/// field, the likely cause (<see cref="ChatColumnCause"/>) and its fix in the front end's words.
/// </summary>
public static class ChatColumnDiagnosis
{
    private static readonly char[] Delimiters = { ';', ',', '\t', '|' };

    /// <summary>The likely cause when none of <paramref name="names"/> is a chat field.</summary>
    /// <param name="names">The column or property names.</param>
    /// <param name="detail">The delimiter (as text) or the encoding to name, when the cause has one; else empty.</param>
    /// <returns><see cref="ChatColumnCause.None"/> when some name is a chat field.</returns>
    public static ChatColumnCause Diagnose(IReadOnlyList<string> names, out string detail)
    {
        if (names is null)
        {
            throw new ArgumentNullException(nameof(names));
        }

        detail = string.Empty;
        if (names.Any(n => ChatFieldAliases.TryResolve(n, out _)))
        {
            return ChatColumnCause.None;
        }

        foreach (var name in names)
        {
            foreach (var d in Delimiters)
            {
                if (name.IndexOf(d) >= 0 && name.Split(d).Any(part => ChatFieldAliases.TryResolve(Unquote(part), out _) || ResolvesAsMojibake(Unquote(part))))
                {
                    detail = d == '\t' ? "`t" : d.ToString();
                    return ChatColumnCause.Delimiter;
                }
            }
        }

        if (names.Any(n => n.IndexOf('\uFFFD') >= 0))
        {
            detail = "windows-1251";
            return ChatColumnCause.Encoding;
        }

        if (names.Any(ResolvesAsMojibake))
        {
            detail = "utf-8";
            return ChatColumnCause.Encoding;
        }

        var values = names.Count(LooksLikeValue);
        return values > 0 && values * 2 >= names.Count ? ChatColumnCause.NoHeaderRow : ChatColumnCause.UnknownNames;
    }

    /// <summary>
    /// The <see cref="ChatIssueCodes.NoKnownColumns"/> error for <paramref name="names"/>, naming the cause
    /// and the fix in the words of <paramref name="optionNames"/>; null when some name is a chat field.
    /// </summary>
    /// <param name="names">The column or property names.</param>
    /// <param name="rowNumber">The row the names came with (0 for a file's header).</param>
    /// <param name="optionNames">How the front end spells its settings; null for the engine's names.</param>
    public static ChatIssue? NoKnownColumnsIssue(IReadOnlyList<string> names, long rowNumber, ChatOptionNames? optionNames)
    {
        var cause = Diagnose(names, out var detail);
        if (cause == ChatColumnCause.None)
        {
            return null;
        }

        var o = optionNames ?? ChatOptionNames.Neutral;
        var shown = ChatText.Shorten(string.Join(", ", names.Select(n => "'" + n + "'")));
        var (message, fix) = cause switch
        {
            ChatColumnCause.Delimiter => (
                $"No column is a chat field: {shown} holds several names joined by '{detail}', so the columns were split on another delimiter.",
                o.Delimiter(detail) is { } option ? $"Read the file with {option}." : "Save the file with ',', ';' or tab between the columns."),
            ChatColumnCause.Encoding => (
                $"No column is a chat field, and the names are garbled ({shown}): the file was read in the wrong encoding.",
                $"Name the file's encoding with {o.Encoding(detail)}."),
            ChatColumnCause.NoHeaderRow => (
                $"No column is a chat field, and the names look like data ({shown}): the file has no header line.",
                o.Header("DateTime,ChatPlatform,PhoneNumber") is { } header
                    ? $"Add a header line naming the columns, or give the names with {header}; the documentation of the chat fields lists every accepted name."
                    : "Add a header line naming the columns (DateTime, ChatPlatform, PhoneNumber, ...); the documentation of the chat fields lists every accepted name."),
            _ => (
                $"No column is a chat field ({shown}).",
                "Name the columns as the documentation of the chat fields lists them, e.g. DateTime, ChatPlatform, ChatUsername, PhoneNumber, ClientId (or Дата, Мессенджер, Телефон)."),
        };

        return new ChatIssue(rowNumber, null, ChatText.Shorten(string.Join(", ", names)), ChatIssueCodes.NoKnownColumns, message, fix);
    }

    /// <summary>The <see cref="ChatIssueCodes.UnknownColumns"/> warning for names not used; null when there are none.</summary>
    /// <param name="unused">The names not used, as found.</param>
    /// <param name="rowNumber">The row they came with (0 for a file's header).</param>
    public static ChatIssue? UnusedColumnsIssue(IReadOnlyList<string> unused, long rowNumber)
    {
        if (unused is null || unused.Count == 0)
        {
            return null;
        }

        var list = ChatText.Shorten(string.Join(", ", unused));
        return new ChatIssue(rowNumber, null, list, ChatIssueCodes.UnknownColumns,
            string.Format(CultureInfo.InvariantCulture, "{0} column(s) are not chat fields and are ignored: {1}.", unused.Count, list),
            "If one of them holds a chat field, rename it to a name the documentation of the chat fields lists; otherwise nothing to do.",
            ChatIssueSeverity.Warning);
    }

    private static string Unquote(string part) => part.Trim().Trim('"').Trim();

    /// <summary>UTF-8 bytes that were decoded as Windows-1251 or -1252 ("Р”Р°С‚Р°" for "Дата").</summary>
    private static bool ResolvesAsMojibake(string name)
    {
        if (name.All(c => c < '\u0080'))
        {
            return false;
        }

        foreach (var encoding in new[] { ChatTextEncodings.Windows1251, Latin() })
        {
            var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            try
            {
                var bytes = encoding.GetBytes(name);
                if (ChatFieldAliases.TryResolve(strict.GetString(bytes), out _))
                {
                    return true;
                }
            }
            catch (DecoderFallbackException)
            {
                // Not UTF-8 underneath with this encoding.
            }
        }

        return false;
    }

    private static Encoding Latin() => ChatTextEncodings.TryFind("windows-1252", out var e, out _) && e is not null ? e : Encoding.UTF8;

    private static bool LooksLikeValue(string name)
    {
        var text = name.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (ChatEventNormalizer.TryParseChatPlatform(text, out _) || HttpUrlParser.Normalize(text) is not null)
        {
            return true;
        }

        if (new ChatTimeParser(TimeZoneInfo.Utc).Parse(text, out _, out _) is ChatTimeParse.Ok or ChatTimeParse.DateOnly)
        {
            return true;
        }

        var digits = text.Count(char.IsDigit);
        return digits >= 5 && text.All(c => char.IsDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.' or ',');
    }
}
