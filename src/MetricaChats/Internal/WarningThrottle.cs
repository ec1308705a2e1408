using System;
using System.Collections.Generic;

namespace MetricaChats.Internal;

/// <summary>
/// Shows each kind of row warning once per command as a PowerShell warning (the rest go to
/// the verbose stream and the summary's counts), so a large import does not bury the
/// console under thousands of identical warnings.
/// </summary>
internal sealed class WarningThrottle
{
    private readonly HashSet<string> _shown = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one warning of <paramref name="code"/>; true the first time (show it as a warning).</summary>
    public bool ShouldShow(string code)
    {
        _counts[code] = _counts.TryGetValue(code, out var n) ? n + 1 : 1;
        return _shown.Add(code);
    }

    /// <summary>Warnings counted per code.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;
}
