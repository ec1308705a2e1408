using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MetricaChats.Sandbox;

/// <summary>
/// One stored data row: the values of a record over a header index shared by every row of the
/// upload (lookups ignore case). Lighter than a dictionary per row.
/// </summary>
internal sealed class CsvRow : IReadOnlyDictionary<string, string>
{
    private readonly IReadOnlyList<string> _header;
    private readonly Dictionary<string, int> _index;
    private readonly string[] _values;

    public CsvRow(IReadOnlyList<string> header, Dictionary<string, int> index, string[] values)
    {
        _header = header;
        _index = index;
        _values = values;
    }

    /// <summary>True when the row failed the row checks (it is not in <c>line_quantity</c>).</summary>
    public bool Rejected { get; internal set; }

    public int Count => Math.Min(_header.Count, _values.Length);

    public IEnumerable<string> Keys => _header.Take(Count);

    public IEnumerable<string> Values => _values.Take(Count);

    public string this[string key] => TryGetValue(key, out string? value) ? value : throw new KeyNotFoundException($"The row has no column '{key}'.");

    public bool ContainsKey(string key) => _index.TryGetValue(key, out int i) && i < _values.Length;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (_index.TryGetValue(key, out int i) && i < _values.Length)
        {
            value = _values[i];
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return new KeyValuePair<string, string>(_header[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
