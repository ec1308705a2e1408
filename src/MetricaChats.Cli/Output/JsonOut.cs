using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MetricaChats.Cli.Output;

/// <summary>
/// Writes the --json documents. Each command writes exactly one JSON document on standard
/// output; the shapes are documented in docs/cli.md and are the CLI's own contract (they do not
/// echo Metrica's responses, so a change there does not break scripts).
/// </summary>
internal static class JsonOut
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one JSON document built by <paramref name="build"/>, followed by a newline.</summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> build)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            build(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        output.Flush();
    }

    /// <summary>The document written when a command fails: <c>{"error":{"kind","message",...}}</c>.</summary>
    public static void WriteError(TextWriter output, string kind, string message, Exception? exception)
    {
        Write(output, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("kind", kind);
            w.WriteString("message", message);
            ErrorText.WriteApiDetails(w, exception);
            w.WriteEndObject();
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
}
