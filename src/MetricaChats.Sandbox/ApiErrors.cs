using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MetricaChats.Sandbox;

/// <summary>An error the API answers with; carries everything the body needs.</summary>
internal sealed class ApiErrorException : Exception
{
    public ApiErrorException(int status, string errorType, string message, string? location = null)
        : base(message)
    {
        Status = status;
        ErrorType = errorType;
        Location = location;
    }

    public int Status { get; }

    public string ErrorType { get; }

    public string? Location { get; }

    public int? RetryAfterSeconds { get; init; }
}

/// <summary>Writes Metrica's error body: <c>{"errors":[{error_type,message,location}],"code","message"}</c>.</summary>
internal static class ApiErrors
{
    public const string ErrorTypeItem = "MetricaChats.Sandbox.ErrorType";

    public static Task WriteAsync(HttpContext context, ApiErrorException error) =>
        WriteAsync(context, error.Status, error.ErrorType, error.Message, error.Location, error.RetryAfterSeconds);

    public static async Task WriteAsync(HttpContext context, int status, string errorType, string message, string? location = null, int? retryAfterSeconds = null)
    {
        context.Items[ErrorTypeItem] = errorType;
        HttpResponse response = context.Response;
        response.StatusCode = status;
        if (retryAfterSeconds is int seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteString("error_type", errorType);
            writer.WriteString("message", message);
            if (location is not null)
            {
                writer.WriteString("location", location);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteNumber("code", status);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
