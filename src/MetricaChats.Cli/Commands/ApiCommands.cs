using System.Globalization;
using MetricaChats.Cli.Output;
using MetricaChats.Core.Api;

namespace MetricaChats.Cli.Commands;

/// <summary>The commands that are one or a few API calls: <c>status</c>, <c>calls-window</c>, <c>counters</c>, <c>goals</c>.</summary>
internal sealed partial class ApiCommands
{
    private readonly CliConsole _console;
    private readonly OutputSettings _settings;
    private readonly bool _json;
    private readonly ProgressLine _progress;

    public ApiCommands(CliConsole console, OutputSettings settings)
    {
        _console = console;
        _settings = settings;
        _json = settings.Json;
        _progress = new ProgressLine(console.Error, console.IsErrorInteractive, settings.Quiet);
    }

    private async Task<CliConnection> OpenAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        var connection = await CliConnection.OpenAsync(request, _console, Inform, firstLineOnly: false, cancellationToken).ConfigureAwait(false);
        if (_settings.Verbose)
        {
            _progress.WriteLine($"token from {connection.TokenSource}; endpoint {connection.Endpoint}");
        }

        return connection;
    }

    private void Inform(string line)
    {
        if (!_settings.Quiet)
        {
            _progress.WriteLine(line);
        }
    }

    /// <summary><c>status</c>: one upload (optionally waiting, within <paramref name="waitTimeout"/>), or the recent ones.</summary>
    public async Task<int> StatusAsync(ConnectionRequest request, int counter, long? uploadId, bool wait, TimeSpan? waitTimeout, int limit, CancellationToken cancellationToken)
    {
        RequireCounter(counter);
        if (limit < 1)
        {
            throw new CliUsageException("--limit must be at least 1.");
        }

        await using var connection = await OpenAsync(request, cancellationToken).ConfigureAwait(false);
        if (uploadId is { } id)
        {
            return await ShowUploadAsync(connection, counter, id, wait, waitTimeout, cancellationToken).ConfigureAwait(false);
        }

        var uploads = await connection.Client.ListUploadsAsync(counter, limit, 0, cancellationToken).ConfigureAwait(false);
        var chats = uploads.Where(u => u.Type is null || string.Equals(u.Type, "CHATS", StringComparison.OrdinalIgnoreCase)).ToList();
        if (_json)
        {
            JsonOut.WriteObject(_console.Out, w =>
            {
                w.WriteNumber("counter", counter);
                w.WriteStartArray("uploads");
                foreach (var u in chats)
                {
                    UploadJson.Write(w, u);
                }

                w.WriteEndArray();
            });
        }
        else if (chats.Count == 0)
        {
            _console.Out.WriteLine($"No chat uploads among the counter's last {limit.ToString(CultureInfo.InvariantCulture)} uploads.");
        }
        else
        {
            _console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-20} {1,-16} {2,-20} {3,10} {4,10} {5,10}  {6}", "ID", "STATUS", "CREATED (UTC)", "ROWS", "ACCEPTED", "LINKED", "COMMENT"));
            foreach (var u in chats)
            {
                _console.Out.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0,-20} {1,-16} {2,-20} {3,10} {4,10} {5,10}  {6}",
                    u.Id,
                    u.Status,
                    u.CreateTime?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                    u.SourceQuantity,
                    u.LineQuantity,
                    u.LinkedQuantity?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    u.Comment ?? string.Empty));
            }
        }

        return ExitCodes.Success;
    }

    /// <summary><c>status --id</c>: one upload, optionally waited for within <paramref name="waitTimeout"/> (exit 4 when it runs out).</summary>
    private async Task<int> ShowUploadAsync(CliConnection connection, int counter, long id, bool wait, TimeSpan? waitTimeout, CancellationToken cancellationToken)
    {
        MetricaUpload upload;
        var timedOut = false;
        if (wait)
        {
            var poll = connection.IsLoopback ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(30);
            var readings = new InlineProgress<MetricaUpload>(u =>
            {
                var line = string.Format(CultureInfo.InvariantCulture, "upload {0}: {1}", u.Id, u.Status);
                if (_console.IsErrorInteractive)
                {
                    _progress.Report(line + "  (waiting; Ctrl+C stops waiting, not the upload)");
                }
                else
                {
                    _progress.Report(line);
                }
            });
            using var deadline = waitTimeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                upload = await connection.Client.WaitForUploadAsync(counter, id, poll, readings, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // --wait-timeout ran out: not a failure; show the latest status and exit 4.
                timedOut = true;
                upload = await connection.Client.GetUploadAsync(counter, id, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _progress.Complete();
            }
        }
        else
        {
            upload = await connection.Client.GetUploadAsync(counter, id, cancellationToken).ConfigureAwait(false);
        }

        var code = timedOut && !upload.IsFinal ? ExitCodes.StillProcessing : ExitCodeFor(upload);
        if (_json)
        {
            JsonOut.WriteObject(_console.Out, w =>
            {
                UploadJson.WriteProperties(w, upload);
                w.WriteBoolean("waitTimedOut", timedOut && !upload.IsFinal);
                w.WriteNumber("exitCode", code);
            });
        }
        else
        {
            WriteUploadText(upload, timedOut ? waitTimeout : null);
        }

        return code;
    }

    /// <summary>0 for a good upload; 3 when Metrica dropped rows or nothing linked (LINKAGE_FAILURE).</summary>
    internal static int ExitCodeFor(MetricaUpload upload)
    {
        if (upload.RejectedByMetrica > 0)
        {
            return ExitCodes.Partial;
        }

        return string.Equals(upload.Status, MetricaUploadStatus.LinkageFailure, StringComparison.OrdinalIgnoreCase)
            ? ExitCodes.Partial
            : ExitCodes.Success;
    }

    private void WriteUploadText(MetricaUpload u, TimeSpan? timedOutAfter)
    {
        var o = _console.Out;
        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "Upload {0} on counter {1}", u.Id, u.CounterId));
        o.WriteLine("  status    " + u.Status + (u.IsFinal ? " (final)"
            : timedOutAfter is { } t ? " (still processing when --wait-timeout " + Durations.Format(t) + " ran out; Metrica takes up to 2 hours)"
            : " (still processing; add --wait to follow it)"));
        o.WriteLine("  created   " + (u.CreateTime?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-"));
        o.WriteLine(string.Format(CultureInfo.InvariantCulture, "  rows      {0} in the file, {1} accepted by Metrica{2}", u.SourceQuantity, u.LineQuantity, u.RejectedByMetrica > 0 ? ", " + u.RejectedByMetrica.ToString(CultureInfo.InvariantCulture) + " rejected by Metrica" : string.Empty));
        o.WriteLine("  linked    " + LinkageText.Detail(u));
        o.WriteLine("  type      " + (u.Type ?? "-"));
        o.WriteLine("  comment   " + (u.Comment ?? "-"));
        if (string.Equals(u.Status, MetricaUploadStatus.LinkageFailure, StringComparison.OrdinalIgnoreCase))
        {
            o.WriteLine("  LINKAGE_FAILURE: no row could be matched to a visitor. Rows need a ClientId, UserId, Yclid or PurchaseId Metrica knows.");
        }
    }

    public async Task<int> CallsWindowAsync(ConnectionRequest request, int counter, CallsWindowAction action, CancellationToken cancellationToken)
    {
        RequireCounter(counter);
        await using var connection = await OpenAsync(request, cancellationToken).ConfigureAwait(false);
        var state = action switch
        {
            CallsWindowAction.Enable => await connection.Client.EnableCallsExtendedWindowAsync(counter, cancellationToken).ConfigureAwait(false),
            CallsWindowAction.Disable => await connection.Client.DisableCallsExtendedWindowAsync(counter, cancellationToken).ConfigureAwait(false),
            _ => await connection.Client.GetCallsExtendedWindowAsync(counter, cancellationToken).ConfigureAwait(false),
        };

        if (_json)
        {
            JsonOut.WriteObject(_console.Out, w =>
            {
                w.WriteNumber("counter", state.CounterId == 0 ? counter : state.CounterId);
                w.WriteString("action", action.ToString().ToLowerInvariant());
                w.WriteBoolean("enabled", state.Enabled);
                w.WriteString("window", state.Enabled ? "21 days" : "16 hours");
                if (state.VisitJoinThresholdDate is { } d)
                {
                    w.WriteString("visitJoinThresholdDate", d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }
                else
                {
                    w.WriteNull("visitJoinThresholdDate");
                }

                w.BooleanOrNull("acknowledged", state.ChangeAcknowledged);
            });
        }
        else
        {
            var o = _console.Out;
            var verb = action switch
            {
                CallsWindowAction.Enable => "Enabled the calls extended window",
                CallsWindowAction.Disable => "Disabled the calls extended window",
                _ => "Calls extended window",
            };
            o.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} on counter {1}: {2}", verb, counter, state.Enabled ? "ON (offline calls and chats join sessions up to 21 days back)" : "OFF (16 hours after the session ends)"));
            if (state.VisitJoinThresholdDate is { } d)
            {
                o.WriteLine("  uploads can join visits from " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            if (action == CallsWindowAction.Enable)
            {
                o.WriteLine("  It applies to sessions registered from now on and grows day by day to 21 days.");
            }
        }

        return ExitCodes.Success;
    }

    public async Task<int> CountersAsync(ConnectionRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(request, cancellationToken).ConfigureAwait(false);
        var counters = await connection.Client.ListCountersAsync(cancellationToken).ConfigureAwait(false);
        if (_json)
        {
            JsonOut.WriteObject(_console.Out, w =>
            {
                w.WriteStartArray("counters");
                foreach (var c in counters)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", c.Id);
                    w.WriteString("name", c.Name);
                    w.WriteString("site", c.Site);
                    w.StringOrNull("status", c.Status);
                    w.StringOrNull("permission", c.Permission);
                    w.BooleanOrNull("callsExtendedWindow", c.CallsExtendedWindow);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }
        else if (counters.Count == 0)
        {
            _console.Out.WriteLine("The token sees no counters. Its owner needs access to a counter (owner or edit) in Metrica.");
        }
        else
        {
            _console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-12} {1,-30} {2,-30} {3,-10} {4}", "ID", "NAME", "SITE", "ACCESS", "CALLS WINDOW"));
            foreach (var c in counters)
            {
                _console.Out.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0,-12} {1,-30} {2,-30} {3,-10} {4}",
                    c.Id,
                    c.Name,
                    c.Site,
                    c.Permission ?? "-",
                    c.CallsExtendedWindow switch { true => "21 days", false => "16 hours", _ => "-" }));
            }
        }

        return ExitCodes.Success;
    }

    private static void RequireCounter(int counter)
    {
        if (counter <= 0)
        {
            throw new CliUsageException($"--counter {counter.ToString(CultureInfo.InvariantCulture)} is not a counter id: give the positive number from 'metrica-chats counters'.");
        }
    }
}
