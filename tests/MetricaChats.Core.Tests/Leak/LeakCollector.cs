using System.Collections;
using MetricaChats.Core.Tests.Auth;
using Xunit;

namespace MetricaChats.Core.Tests.Leak;

/// <summary>
/// Gathers everything an end-to-end run produced and scans it with <see cref="LeakScanner"/> for
/// each known token (the good one, the wrong one, the one without access) and its first 8
/// characters. <see cref="AssertClean"/> fails listing where, never the token.
/// </summary>
internal sealed class LeakCollector
{
    private readonly string[] _tokens;
    private readonly List<LeakFinding> _findings = new();
    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

    public LeakCollector(params string[] tokens)
    {
        _tokens = tokens;
    }

    /// <summary>How many items were scanned (texts, objects, exceptions, files).</summary>
    public int Scanned { get; private set; }

    public void Text(string where, string? text)
    {
        Scanned++;
        foreach (var token in _tokens)
        {
            _findings.AddRange(LeakScanner.ScanText(token, text, where));
        }
    }

    /// <summary>An exception: message, ToString, inner exceptions, Data, and its public properties.</summary>
    public void Exception(string where, Exception? exception)
    {
        if (exception is null)
        {
            return;
        }

        Scanned++;
        foreach (var token in _tokens)
        {
            _findings.AddRange(LeakScanner.ScanException(token, exception, where));
        }

        var depth = 0;
        for (var e = exception; e is not null; e = e.InnerException, depth++)
        {
            Object($"{where} (exception #{depth} properties)", e);
        }
    }

    /// <summary>An object: ToString and each public property's ToString; collections element by element; nested objects of ours too.</summary>
    public void Object(string where, object? value, int depth = 0)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value is Type)
        {
            if (value is string s)
            {
                Text(where, s);
            }

            return;
        }

        if (!_seen.Add(value) || depth > 4)
        {
            return;
        }

        Scanned++;
        foreach (var token in _tokens)
        {
            _findings.AddRange(LeakScanner.ScanObject(token, value, where));
        }

        if (value is IEnumerable sequence and not IDictionary)
        {
            var i = 0;
            foreach (var item in sequence)
            {
                Object($"{where}[{i++}]", item, depth + 1);
            }

            return;
        }

        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                Text($"{where}[key]", entry.Key?.ToString());
                Object($"{where}[{entry.Key}]", entry.Value, depth + 1);
            }

            return;
        }

        // Nested objects of our own assemblies (e.g. a batch result's Upload) are walked too.
        foreach (var property in value.GetType().GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var type = property.PropertyType;
            if (type.Assembly == typeof(string).Assembly && !typeof(IEnumerable).IsAssignableFrom(type))
            {
                continue;
            }

            object? nested;
            try
            {
                nested = property.GetValue(value);
            }
            catch (System.Reflection.TargetInvocationException)
            {
                continue;
            }

            if (nested is not null && (nested.GetType().Namespace?.StartsWith("MetricaChats", StringComparison.Ordinal) == true || nested is IEnumerable and not string))
            {
                Object($"{where}.{property.Name}", nested, depth + 1);
            }
        }
    }

    public void File(string path)
    {
        Scanned++;
        foreach (var token in _tokens)
        {
            _findings.AddRange(LeakScanner.ScanFile(token, path));
        }
    }

    public void Directory(string path)
    {
        Assert.True(System.IO.Directory.Exists(path), "no such directory: " + path);
        foreach (var file in System.IO.Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            File(file);
        }
    }

    /// <summary>Runs <paramref name="action"/>, expecting it to throw; scans and returns the exception.</summary>
    public async Task<TException> ThrowsAsync<TException>(string where, Func<Task> action)
        where TException : Exception
    {
        var exception = await Assert.ThrowsAnyAsync<TException>(action);
        Exception(where, exception);
        return exception;
    }

    public void AssertClean() => LeakScanner.AssertNone(_findings);
}
