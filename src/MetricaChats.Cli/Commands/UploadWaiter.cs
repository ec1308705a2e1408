using System.Globalization;
using MetricaChats.Core.Api;
using MetricaChats.Core.Import;

namespace MetricaChats.Cli.Commands;

/// <summary>
/// <c>--wait</c> for import: follows each sent upload until Metrica has processed it, within
/// <c>--wait-timeout</c> when given. Running out of time is not a failure and not a
/// cancellation: the rows were sent, Metrica is still processing (exit code 4).
/// </summary>
internal sealed class UploadWaiter
{
    private readonly MetricaClient _client;
    private readonly int _counter;
    private readonly TimeSpan _poll;
    private readonly TimeSpan? _timeout;
    private readonly Action<string> _report;
    private readonly Action<string> _warn;

    public UploadWaiter(MetricaClient client, int counter, TimeSpan poll, TimeSpan? timeout, Action<string> report, Action<string> warn)
    {
        _client = client;
        _counter = counter;
        _poll = poll;
        _timeout = timeout;
        _report = report;
        _warn = warn;
    }

    /// <summary>What waiting ended with.</summary>
    internal sealed record Result(IReadOnlyList<ChatBatchResult> Batches, bool TimedOut, bool Stopped);

    /// <summary>Waits for every sent, unfinished upload; returns the batches with their last known upload state.</summary>
    public async Task<Result> WaitAsync(IReadOnlyList<ChatBatchResult> batches, CancellationToken cancellationToken)
    {
        var results = batches.ToList();
        using var deadline = _timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Upload is not { IsFinal: false } upload)
            {
                continue;
            }

            var readings = new Output.InlineProgress<MetricaUpload>(u => _report(string.Format(CultureInfo.InvariantCulture, "waiting for upload {0}: {1}", u.Id, u.Status)));
            try
            {
                var final = await _client.WaitForUploadAsync(_counter, upload.Id, _poll, readings, linked.Token).ConfigureAwait(false);
                results[i] = results[i] with { Upload = final };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new Result(results, TimedOut: false, Stopped: true);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return new Result(await LastKnownAsync(results, i).ConfigureAwait(false), TimedOut: true, Stopped: false);
            }
            catch (MetricaApiException ex)
            {
                // The rows were sent; only following them failed. Say so, and count the upload as still processing.
                _warn(string.Format(CultureInfo.InvariantCulture, "could not follow upload {0}: {1} Follow it later with: metrica-chats status --counter {2} --id {0} --wait", upload.Id, ex.Message, _counter));
            }
        }

        return new Result(results, TimedOut: false, Stopped: false);
    }

    // After the deadline: one quick look at the uploads not yet followed, so the report shows their latest status.
    private async Task<IReadOnlyList<ChatBatchResult>> LastKnownAsync(List<ChatBatchResult> results, int from)
    {
        using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = from; i < results.Count; i++)
        {
            if (results[i].Upload is not { IsFinal: false } upload)
            {
                continue;
            }

            try
            {
                results[i] = results[i] with { Upload = await _client.GetUploadAsync(_counter, upload.Id, brief.Token).ConfigureAwait(false) };
            }
            catch (Exception ex) when (ex is OperationCanceledException or MetricaApiException or HttpRequestException)
            {
                break;
            }
        }

        return results;
    }
}
