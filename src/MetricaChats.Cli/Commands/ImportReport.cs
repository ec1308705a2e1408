using System.Globalization;
using System.Text.Json;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Chats;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// The end of an import: the summary for a person on standard output (just the result line with
/// -q), or the --json document (docs/schemas/import.schema.json).
/// </summary>
internal sealed class ImportReport
{
    private readonly CliConsole _console;
    private readonly ImportRequest _request;
    private readonly ImportOutcome _o;
    private readonly IssueReporter _issues;
    private readonly RejectsWriter? _rejects;
    private readonly TimeSpan? _waitTimeout;

    public ImportReport(CliConsole console, ImportRequest request, ImportOutcome outcome, IssueReporter issues, RejectsWriter? rejects, TimeSpan? waitTimeout)
    {
        _console = console;
        _request = request;
        _o = outcome;
        _issues = issues;
        _rejects = rejects;
        _waitTimeout = waitTimeout;
    }

    private string Counter => _request.Counter.ToString(CultureInfo.InvariantCulture);

    public void Write(int code)
    {
        if (_request.Output.Json)
        {
            WriteJson(code);
        }
        else if (_request.Output.Quiet)
        {
            WriteResult(code);
        }
        else
        {
            WriteText(code);
        }
    }

    /// <summary>The advice about the extended window in the CLI's words.</summary>
    public string AdviceText(Core.Advice.ExtendedWindowAdvice advice) =>
        advice.Message("'metrica-chats calls-window enable --counter " + Counter + "'");

    private void WriteResult(int code) =>
        _console.Out.WriteLine("Result: " + Paint.Verdict(code, _request.Output.OutputColour) + " (exit code " + code.ToString(CultureInfo.InvariantCulture) + ")");

    private void WriteText(int code)
    {
        var s = _o.Summary;
        var o = _console.Out;
        o.WriteLine(s.DryRun ? "Summary (dry run: nothing was sent)" : "Summary");
        Line("read", s.Read, string.Empty);
        if (s.DryRun)
        {
            Line("written", _o.Written, "in " + s.Batches.ToString(CultureInfo.InvariantCulture) + " batch file(s)");
        }
        else
        {
            Line("sent", _o.SentNow, "in " + s.BatchResults.Count(b => b.Upload is not null).ToString(CultureInfo.InvariantCulture) + " batch(es)");
        }

        if (s.AlreadySent > 0)
        {
            Line("already sent", s.AlreadySent, "the ledger shows these chats sent before (or earlier in this input); not sent again");
        }

        Line("rejected", s.Rejected, RejectedDetail());
        if (s.NotSent > 0)
        {
            Line("not sent", s.NotSent, "valid rows left unsent (" + (s.InputIncomplete is not null && s.StopReason is null ? "the input was still being written" : "the run stopped") + ")");
        }

        if (s.Unknown > 0)
        {
            Line("unknown", s.Unknown, "may or may not be in Metrica; the ledger holds them and the next run settles them");
        }

        if (s.DuplicateUploads > 0)
        {
            Line("DUPLICATES", s.DuplicateUploads, "upload(s) hold a batch of this run a second time (see the warnings above)");
        }

        Line("unattributed", s.Unattributed, "sent without ClientId, UserId, Yclid or PurchaseId (cannot join a visit)");
        o.WriteLine("  " + Reconciliation());
        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  time          {0,8:0.0} s", s.Elapsed.TotalSeconds));
        WriteUploads();
        WriteStop();
        foreach (var advice in _o.Advice)
        {
            o.WriteLine("Note: " + AdviceText(advice));
        }

        WriteResult(code);
    }

    private void Line(string label, long value, string detail) =>
        _console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0,-14}{1,8:N0}{2}", label, value, detail.Length > 0 ? "   " + detail : string.Empty));

    private string Reconciliation()
    {
        var s = _o.Summary;
        var names = new List<string> { s.DryRun ? "written" : "sent" };
        var values = new List<long> { s.DryRun ? _o.Written : _o.SentNow };
        if (s.AlreadySent > 0)
        {
            names.Add("already sent");
            values.Add(s.AlreadySent);
        }

        names.Add("rejected");
        values.Add(s.Rejected);
        if (s.NotSent > 0)
        {
            names.Add("not sent");
            values.Add(s.NotSent);
        }

        if (s.Unknown > 0)
        {
            names.Add("unknown");
            values.Add(s.Unknown);
        }

        return "read = " + string.Join(" + ", names) + ": " + s.Read.ToString(CultureInfo.InvariantCulture) + " = " + string.Join(" + ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
    }

    private void WriteUploads()
    {
        var o = _console.Out;
        var uploads = _o.Batches.Where(b => b.Upload is not null).ToList();
        if (uploads.Count == 0)
        {
            return;
        }

        var follow = "follow with: metrica-chats status --counter " + Counter + " --id <id> --wait";
        o.WriteLine(_o.Pending == 0 ? "Uploads (final status)"
            : _o.WaitTimedOut ? $"Uploads ({_o.Pending} still processing when --wait-timeout {Durations.Format(_waitTimeout!.Value)} ran out; {follow})"
            : _request.Connection.Sandbox ? "Uploads (still processing; add --wait to see the final status: the embedded sandbox stops with this run)"
            : $"Uploads (still processing: Metrica takes up to 2 hours; {follow})");
        foreach (var b in uploads)
        {
            var u = b.Upload!;
            o.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "  upload {0}  status {1}  {2} of {3} row(s) accepted by Metrica{4}{5}{6}",
                u.Id,
                u.Status,
                u.LineQuantity,
                u.SourceQuantity,
                u.RejectedByMetrica > 0 ? string.Format(CultureInfo.InvariantCulture, " ({0} rejected by Metrica)", u.RejectedByMetrica) : string.Empty,
                LinkageText.Short(u) is { } linked ? ", " + linked : string.Empty,
                b.Reconciled ? " (found by its marker)" : string.Empty));
        }

        if (LinkageText.Total(uploads.Select(b => b.Upload)) is { } total)
        {
            o.WriteLine("  " + total);
        }

        if (_o.RejectedByMetrica > 0)
        {
            o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  Metrica rejected {0} row(s) on its side; its upload list does not say which.", _o.RejectedByMetrica));
        }
    }

    private void WriteStop()
    {
        var s = _o.Summary;
        if (s.StopReason is not { } reason)
        {
            return;
        }

        var o = _console.Out;
        o.WriteLine("Stopped early: " + reason);
        if (s.ApiError?.QuotaResetsAt is { } reset)
        {
            o.WriteLine("  The daily quota resets at " + reset.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + "; run the same command again after that: the ledger makes it send only what is missing.");
        }
    }

    private string RejectedDetail()
    {
        var s = _o.Summary;
        if (s.Rejected == 0)
        {
            return string.Empty;
        }

        var byCode = string.Join(", ", s.RejectedByCode.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + " " + kv.Value.ToString(CultureInfo.InvariantCulture)));
        var where = _rejects is null ? "listed above; add --rejects <file.csv> to get a file to fix and re-send" : "written to " + _rejects.Path;
        var limit = _o.Policy.Rows == 0 ? string.Empty : _o.OverRejectLimit ? "; more than --max-rejected " + _o.Policy.Text : "; within --max-rejected " + _o.Policy.Text;
        return (byCode.Length > 0 ? byCode + "; " : string.Empty) + where + limit;
    }

    private void WriteJson(int code)
    {
        var s = _o.Summary;
        JsonOut.WriteObject(_console.Out, w =>
        {
            w.WriteString("result", ExitCodes.Verdict(code));
            w.WriteNumber("exitCode", code);
            w.WriteBoolean("dryRun", s.DryRun);
            w.WriteNumber("counter", _request.Counter);
            w.WriteNumber("read", s.Read);
            w.WriteNumber("sent", _o.SentNow);
            w.WriteNumber("alreadySent", s.AlreadySent);
            w.WriteNumber("written", _o.Written);
            w.WriteNumber("rejected", s.Rejected);
            w.WriteNumber("notSent", s.NotSent);
            w.WriteNumber("unknown", s.Unknown);
            w.WriteNumber("duplicateUploads", s.DuplicateUploads);
            w.StringOrNull("inputIncomplete", s.InputIncomplete);
            w.StringOrNull("ledger", s.LedgerPath);
            w.WriteNumber("ledgerRun", s.LedgerRunId);
            w.WriteNumber("unattributed", s.Unattributed);
            w.WriteNumber("warnings", _issues.Warnings);
            w.WriteNumber("rejectedByMetrica", _o.RejectedByMetrica);
            w.NumberOrNull("linkedToVisits", Core.Api.UploadLinkage.Of(_o.Batches.Select(b => b.Upload))?.Linked);
            w.WriteBoolean("reconciles", _o.Reconciles);
            w.WriteString("maxRejected", _o.Policy.Text);
            w.WriteBoolean("overRejectLimit", _o.OverRejectLimit);
            w.WriteStartObject("rejectedByCode");
            foreach (var kv in s.RejectedByCode.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(kv.Key, kv.Value);
            }

            w.WriteEndObject();
            WriteWarningGroups(w);
            w.WriteNumber("batches", s.Batches);
            w.WriteNumber("elapsedSeconds", Math.Round(s.Elapsed.TotalSeconds, 3));
            w.WriteBoolean("waited", _o.Waited);
            w.WriteBoolean("waitTimedOut", _o.WaitTimedOut);
            w.WriteNumber("pending", _o.Pending);
            w.BooleanOrNull("callsExtendedWindow", _o.WindowEnabled);
            WriteAdvice(w);
            w.StringOrNull("stopReason", s.StopReason);
            w.WriteString("stopKind", _o.StopKind.ToString());
            if (s.ApiError is { } api)
            {
                w.WriteStartObject("apiError");
                ErrorText.WriteApiDetails(w, api);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("apiError");
            }

            w.StringOrNull("rejectsFile", _rejects is null ? null : Path.GetFullPath(_rejects.Path));
            WriteBatches(w);
            WriteIssues(w);
        });
    }

    private void WriteWarningGroups(Utf8JsonWriter w)
    {
        w.WriteStartObject("warningsByCode");
        foreach (var g in _issues.WarningGroups.OrderBy(g => g.First.Code, StringComparer.Ordinal))
        {
            w.WriteStartObject(g.First.Code);
            w.WriteNumber("count", g.Count);
            w.WriteStartArray("firstRows");
            foreach (var row in g.Rows)
            {
                w.WriteNumberValue(row);
            }

            w.WriteEndArray();
            w.WriteString("message", g.First.Message);
            w.WriteString("fix", g.First.Fix);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private void WriteAdvice(Utf8JsonWriter w)
    {
        w.WriteStartArray("advice");
        foreach (var advice in _o.Advice)
        {
            w.WriteStartObject();
            w.WriteString("code", advice.Code);
            w.WriteNumber("rows", advice.Rows);
            w.WriteString("message", AdviceText(advice));
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteBatches(Utf8JsonWriter w)
    {
        w.WriteStartArray("uploads");
        foreach (var b in _o.Batches)
        {
            w.WriteStartObject();
            w.WriteNumber("batch", b.BatchNumber);
            w.WriteString("marker", b.Marker);
            w.WriteNumber("firstRow", b.FirstRow);
            w.WriteNumber("lastRow", b.LastRow);
            w.WriteNumber("rows", b.Rows);
            w.WriteNumber("bytes", b.Bytes);
            w.WriteBoolean("succeeded", b.Succeeded);
            w.WriteBoolean("reconciled", b.Reconciled);
            w.WriteBoolean("unknown", b.Unknown);
            w.StringOrNull("dryRunFile", b.DryRunFile);
            w.StringOrNull("error", b.Error);
            if (b.Upload is { } u)
            {
                w.WritePropertyName("upload");
                UploadJson.Write(w, u);
            }
            else
            {
                w.WriteNull("upload");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteIssues(Utf8JsonWriter w)
    {
        w.WriteStartArray("issues");
        foreach (var i in _issues.JsonIssues)
        {
            w.WriteStartObject();
            w.WriteNumber("row", i.RowNumber);
            w.StringOrNull("field", i.Field is { } f ? ColumnNames.Input(f) : null);
            w.StringOrNull("value", i.Value);
            w.WriteString("code", i.Code);
            w.WriteString("severity", i.Severity == ChatIssueSeverity.Error ? "error" : "warning");
            w.WriteString("message", i.Message);
            w.WriteString("fix", i.Fix);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteBoolean("issuesTruncated", _issues.Truncated);
    }
}
