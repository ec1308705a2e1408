namespace MetricaChats.Sandbox;

/// <summary>One id of a visitor the sandbox knows on a counter: the column it is matched in and its value.</summary>
/// <param name="CounterId">The counter the visitor visited.</param>
/// <param name="Column">A Metrica id column: <c>ClientId</c>, <c>UserId</c>, <c>Yclid</c> or <c>PurchaseId</c> (any case).</param>
/// <param name="Value">The id, matched exactly.</param>
public sealed record SandboxVisitorId(int CounterId, string Column, string Value);

/// <summary>
/// The visitors each counter knows, for the upload statistics: an accepted chat row is linked
/// (<c>linked_quantity</c>) when one of its Metrica ids is a known visitor of the counter, and
/// counted in <c>user_not_found_quantity</c> otherwise. A counter with no visitors seeded knows
/// every visitor (every row that carries a Metrica id is linked). Thread-safe.
/// </summary>
internal sealed class SandboxVisitors
{
    private readonly object _gate = new();
    private readonly Dictionary<int, Dictionary<string, HashSet<string>>> _byCounter = new();

    /// <summary>The Metrica id column's canonical name, or an error naming the ones there are.</summary>
    public static string Canonical(string column)
    {
        ChatColumn? found = ChatColumns.Find(column?.Trim() ?? string.Empty);
        if (found is null || !found.MetricaId)
        {
            string ids = string.Join(", ", ChatColumns.All.Where(c => c.MetricaId).Select(c => c.Name));
            throw new ArgumentException($"'{column}' is not a Metrica id column; a visitor is known by {ids}.");
        }

        return found.Name;
    }

    public void Add(SandboxVisitorId id)
    {
        string column = Canonical(id.Column);
        if (string.IsNullOrWhiteSpace(id.Value))
        {
            throw new ArgumentException($"A visitor's {column} must not be empty.");
        }

        lock (_gate)
        {
            if (!_byCounter.TryGetValue(id.CounterId, out Dictionary<string, HashSet<string>>? columns))
            {
                columns = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                _byCounter[id.CounterId] = columns;
            }

            if (!columns.TryGetValue(column, out HashSet<string>? values))
            {
                values = new HashSet<string>(StringComparer.Ordinal);
                columns[column] = values;
            }

            values.Add(id.Value.Trim());
        }
    }

    public IReadOnlyList<SandboxVisitorId> All
    {
        get
        {
            lock (_gate)
            {
                return _byCounter
                    .OrderBy(c => c.Key)
                    .SelectMany(c => c.Value.OrderBy(v => v.Key, StringComparer.Ordinal).SelectMany(v => v.Value.OrderBy(x => x, StringComparer.Ordinal).Select(x => new SandboxVisitorId(c.Key, v.Key, x))))
                    .ToArray();
            }
        }
    }

    public void Clear()
    {
        lock (_gate) { _byCounter.Clear(); }
    }

    /// <summary>
    /// Who a counter knows, frozen now for one upload: a test of (canonical column, value), or
    /// null when no visitor is seeded on the counter (then every Metrica id is a visitor).
    /// </summary>
    public Func<string, string, bool>? MatcherFor(int counterId)
    {
        lock (_gate)
        {
            if (!_byCounter.TryGetValue(counterId, out Dictionary<string, HashSet<string>>? columns) || columns.Count == 0)
            {
                return null;
            }

            var copy = columns.ToDictionary(c => c.Key, c => new HashSet<string>(c.Value, StringComparer.Ordinal), StringComparer.Ordinal);
            return (column, value) => copy.TryGetValue(column, out HashSet<string>? values) && values.Contains(value.Trim());
        }
    }
}
