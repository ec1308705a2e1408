using System;
using System.Collections.Generic;
using System.Globalization;

namespace MetricaChats;

/// <summary>
/// What New-MetricaChatEvent did with its input: the counts reconcile (read = valid + rejected).
/// Written as the command's last information record (tags <c>MetricaChats</c>, <c>Summary</c>):
/// shown by default when a row was rejected or more than one row was read, unless a
/// Send-MetricaChatImport downstream shows the whole reconciliation; always capturable with
/// <c>-InformationVariable</c>.
/// </summary>
public sealed class MetricaChatEventSummary
{
    private readonly Dictionary<string, long> _rejectedByCode = new(StringComparer.Ordinal);

    /// <summary>Input rows read.</summary>
    public long Read { get; private set; }

    /// <summary>Rows that became chat events (output).</summary>
    public long Valid { get; private set; }

    /// <summary>Rows rejected, each with one error.</summary>
    public long Rejected { get; private set; }

    /// <summary>Valid rows without any Metrica id (they cannot be joined to a visit).</summary>
    public long Unattributed { get; private set; }

    /// <summary>Row warnings raised (the rows still went on).</summary>
    public long Warnings { get; private set; }

    /// <summary>Rejected rows by error id (<c>InvalidChatPlatform</c> = 3, ...).</summary>
    public IReadOnlyDictionary<string, long> RejectedByCode => _rejectedByCode;

    /// <inheritdoc />
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "New-MetricaChatEvent: read {0}, valid {1}, rejected {2}, unattributed {3}.",
        Read,
        Valid,
        Rejected,
        Unattributed);

    internal void CountValid(bool attributed, int warnings)
    {
        Read++;
        Valid++;
        Warnings += warnings;
        if (!attributed)
        {
            Unattributed++;
        }
    }

    internal void CountRejected(string code)
    {
        Read++;
        Rejected++;
        _rejectedByCode[code] = _rejectedByCode.TryGetValue(code, out var n) ? n + 1 : 1;
    }
}
