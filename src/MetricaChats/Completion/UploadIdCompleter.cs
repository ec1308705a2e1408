using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using MetricaChats.Core.Api;

namespace MetricaChats.Completion;

/// <summary>
/// Tab completion for Get-MetricaChatImport -UploadId: the recent uploads of the counter given
/// with -CounterId on the same command line (<see cref="CompletionSource.RecentUploads"/>), newest
/// first, each with its status, time and comment as tooltip. Nothing without a counter.
/// </summary>
public sealed class UploadIdCompleter : IArgumentCompleter
{
    /// <summary>How many recent uploads are offered.</summary>
    public const int Limit = 30;

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var counterId = CompletionText.CounterId(fakeBoundParameters?["CounterId"]);
        var uploads = counterId is { } id ? CompletionSource.RecentUploads(id, Limit) : null;
        if (uploads is null)
        {
            return Array.Empty<CompletionResult>();
        }

        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var results = new List<CompletionResult>();
        foreach (var upload in uploads)
        {
            var text = upload.Id.ToString(CultureInfo.InvariantCulture);
            if (text.StartsWith(word, StringComparison.Ordinal))
            {
                results.Add(new CompletionResult(text, text + " " + upload.Status, CompletionResultType.ParameterValue, Tooltip(upload)));
            }
        }

        return results;
    }

    /// <summary>Status, time and comment of an upload (never empty: CompletionResult refuses an empty tooltip).</summary>
    internal static string Tooltip(MetricaUpload upload)
    {
        var parts = new List<string> { string.IsNullOrEmpty(upload.Status) ? "upload " + upload.Id.ToString(CultureInfo.InvariantCulture) : upload.Status };
        if (upload.CreateTime is { } created)
        {
            parts.Add(created.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        }

        parts.Add(upload.LineQuantity.ToString(CultureInfo.InvariantCulture) + "/" + upload.SourceQuantity.ToString(CultureInfo.InvariantCulture) + " rows");
        if (!string.IsNullOrEmpty(upload.Comment))
        {
            parts.Add(upload.Comment!);
        }

        return string.Join(", ", parts);
    }
}
