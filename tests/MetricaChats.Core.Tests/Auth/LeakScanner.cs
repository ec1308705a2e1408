using System.Text;
using Xunit.Sdk;

namespace MetricaChats.Core.Tests.Auth;

/// <summary>One place where a token (or its first 8 characters) was found. Never holds the token.</summary>
/// <param name="Where">What was scanned (a file path, "exception message", a caller's label).</param>
/// <param name="What">"the token" or "the token's first 8 characters".</param>
/// <param name="Encoding">"text", "UTF-8" or "UTF-16LE".</param>
/// <param name="Offset">Character (text) or byte offset of the match.</param>
public sealed record LeakFinding(string Where, string What, string Encoding, long Offset)
{
    /// <summary>Describes the finding without the secret.</summary>
    public override string ToString() => $"{What} in {Where} ({Encoding}, offset {Offset})";
}

/// <summary>
/// Scans what the product produced (strings, exceptions, objects, streams, files, directories)
/// for a known test token and for its first 8 characters, in text and in UTF-8 and UTF-16LE
/// bytes. Reusable by every engineer's leak tests: collect findings, then
/// <see cref="AssertNone"/>. Findings and assertion messages never contain the token.
/// </summary>
public static class LeakScanner
{
    /// <summary>Length of the prefix that also counts as a leak.</summary>
    public const int PrefixLength = 8;

    private const int ChunkSize = 64 * 1024;

    /// <summary>Scans a string.</summary>
    public static IReadOnlyList<LeakFinding> ScanText(string token, string? text, string where)
    {
        var findings = new List<LeakFinding>();
        if (string.IsNullOrEmpty(text))
        {
            return findings;
        }

        foreach (var (needle, what) in Needles(token))
        {
            var at = text.IndexOf(needle, StringComparison.Ordinal);
            if (at >= 0)
            {
                findings.Add(new LeakFinding(where, what, "text", at));
                break; // the full token contains its prefix: report the worse finding once
            }
        }

        return findings;
    }

    /// <summary>Scans an exception: type, message, ToString (stack included), inner exceptions and Data.</summary>
    public static IReadOnlyList<LeakFinding> ScanException(string token, Exception? exception, string where = "exception")
    {
        var findings = new List<LeakFinding>();
        var depth = 0;
        for (var e = exception; e is not null; e = e.InnerException, depth++)
        {
            var label = depth == 0 ? where : $"{where} (inner #{depth})";
            findings.AddRange(ScanText(token, e.Message, label + " message"));
            findings.AddRange(ScanText(token, e.ToString(), label + " ToString"));
            foreach (System.Collections.DictionaryEntry entry in e.Data)
            {
                findings.AddRange(ScanText(token, $"{entry.Key}={entry.Value}", label + " Data"));
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Skip(1))
                {
                    findings.AddRange(ScanException(token, inner, label + " (aggregate)"));
                }
            }
        }

        return findings;
    }

    /// <summary>Scans an object's ToString and the ToString of each public readable property (one level).</summary>
    public static IReadOnlyList<LeakFinding> ScanObject(string token, object? value, string where)
    {
        var findings = new List<LeakFinding>();
        if (value is null)
        {
            return findings;
        }

        findings.AddRange(ScanText(token, value.ToString(), where + " ToString"));
        foreach (var property in value.GetType().GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            object? propertyValue;
            try
            {
                propertyValue = property.GetValue(value);
            }
            catch (System.Reflection.TargetInvocationException)
            {
                continue; // e.g. a disposed token's Length: nothing to show, nothing to leak
            }

            findings.AddRange(ScanText(token, propertyValue?.ToString(), $"{where}.{property.Name}"));
        }

        return findings;
    }

    /// <summary>Scans a stream from its current position to its end, in chunks (large files are fine).</summary>
    public static IReadOnlyList<LeakFinding> ScanStream(string token, Stream stream, string where)
    {
        var patterns = BytePatterns(token).ToList();
        var overlap = patterns.Max(p => p.Bytes.Length) - 1;
        var found = new Dictionary<(string What, string Encoding), long>();
        var buffer = new byte[ChunkSize + overlap];
        var carried = 0;
        long consumed = 0; // stream offset of buffer[0]
        int read;
        while ((read = stream.Read(buffer, carried, ChunkSize)) > 0)
        {
            var length = carried + read;
            foreach (var p in patterns)
            {
                if (found.ContainsKey((p.What, p.Encoding)))
                {
                    continue;
                }

                var at = IndexOf(buffer, length, p.Bytes);
                if (at >= 0)
                {
                    found[(p.What, p.Encoding)] = consumed + at;
                }
            }

            carried = Math.Min(overlap, length);
            Buffer.BlockCopy(buffer, length - carried, buffer, 0, carried);
            consumed += length - carried;
        }

        // The full token contains its prefix: when both match in an encoding, report the token.
        return found
            .Where(f => !(f.Key.What != "the token" && found.ContainsKey(("the token", f.Key.Encoding))))
            .Select(f => new LeakFinding(where, f.Key.What, f.Key.Encoding, f.Value))
            .ToList();
    }

    /// <summary>Scans a file's bytes.</summary>
    public static IReadOnlyList<LeakFinding> ScanFile(string token, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return ScanStream(token, stream, path);
    }

    /// <summary>Scans every file under a directory (recursively; hidden files included).</summary>
    public static IReadOnlyList<LeakFinding> ScanDirectory(string token, string directory)
    {
        if (!Directory.Exists(directory))
        {
            return Array.Empty<LeakFinding>();
        }

        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).SelectMany(f => ScanFile(token, f)).ToList();
    }

    /// <summary>Fails the test when there are findings; the message lists where, never the token.</summary>
    public static void AssertNone(IEnumerable<LeakFinding> findings)
    {
        var list = findings.ToList();
        if (list.Count > 0)
        {
            throw new XunitException("The token leaked:" + Environment.NewLine + string.Join(Environment.NewLine, list.Select(f => "  " + f)));
        }
    }

    /// <summary>Shorthand: scan each labelled text and assert none holds the token.</summary>
    public static void AssertNoLeak(string token, params (string Where, string? Text)[] texts) =>
        AssertNone(texts.SelectMany(t => ScanText(token, t.Text, t.Where)));

    private static IEnumerable<(string Needle, string What)> Needles(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new ArgumentException("The leak scanner needs the token to look for.", nameof(token));
        }

        yield return (token, "the token");
        if (token.Length > PrefixLength)
        {
            yield return (token.Substring(0, PrefixLength), $"the token's first {PrefixLength} characters");
        }
    }

    private static IEnumerable<(string What, string Encoding, byte[] Bytes)> BytePatterns(string token)
    {
        foreach (var (needle, what) in Needles(token))
        {
            yield return (what, "UTF-8", Encoding.UTF8.GetBytes(needle));
            yield return (what, "UTF-16LE", Encoding.Unicode.GetBytes(needle));
        }
    }

    private static int IndexOf(byte[] haystack, int length, byte[] needle)
    {
        for (var i = 0; i <= length - needle.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }
}
