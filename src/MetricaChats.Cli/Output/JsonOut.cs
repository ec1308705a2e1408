using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MetricaChats.Cli.Output;

/// <summary>
/// Writes the --json documents. Each command writes exactly one JSON object on standard output,
/// starting with <c>schemaVersion</c>; the shapes are documented in docs/cli.md and published as
/// JSON Schemas in docs/schemas/. They are the CLI's own contract (they do not echo Metrica's
/// responses, so a change there does not break scripts).
/// </summary>
internal static class JsonOut
{
    /// <summary>
    /// The version of the documents' shapes. Raised when a field is removed or changes meaning;
    /// a new field does not raise it. 1: the first published schemas.
    /// </summary>
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one JSON object (<c>schemaVersion</c> first, then what <paramref name="properties"/> writes), followed by a newline.</summary>
    public static void WriteObject(TextWriter output, Action<Utf8JsonWriter> properties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", SchemaVersion);
            properties(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        output.Flush();
    }

    /// <summary>The document written when a command fails: <c>{"schemaVersion", "error": {"kind", "message", "exitCode", ...}}</c>.</summary>
    public static void WriteError(TextWriter output, string kind, string message, int exitCode, Exception? exception)
    {
        WriteObject(output, w =>
        {
            w.WriteStartObject("error");
            w.WriteString("kind", kind);
            w.WriteString("message", message);
            w.WriteNumber("exitCode", exitCode);
            ErrorText.WriteApiDetails(w, exception);
            w.WriteEndObject();
        });
    }

    /// <summary>Writes a string property, or null.</summary>
    public static void StringOrNull(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>Writes a boolean property, or null.</summary>
    public static void BooleanOrNull(this Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } b)
        {
            w.WriteBoolean(name, b);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Writes a number property, or null.</summary>
    public static void NumberOrNull(this Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } n)
        {
            w.WriteNumber(name, n);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
