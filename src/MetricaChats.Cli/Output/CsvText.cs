using System.Text;

namespace MetricaChats.Cli.Output;

/// <summary>RFC 4180 quoting for the CSV files the CLI writes (the rejects file).</summary>
internal static class CsvText
{
    /// <summary>Quotes a field when it holds a comma, quote, CR or LF (or leading/trailing spaces).</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var needs = value.IndexOfAny(['"', ',', '\r', '\n']) >= 0 || value[0] == ' ' || value[^1] == ' ';
        if (!needs)
        {
            return value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>One CSV line (without the line break).</summary>
    public static string Line(IEnumerable<string?> fields)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var f in fields)
        {
            if (!first)
            {
                sb.Append(',');
            }

            sb.Append(Field(f));
            first = false;
        }

        return sb.ToString();
    }
}
