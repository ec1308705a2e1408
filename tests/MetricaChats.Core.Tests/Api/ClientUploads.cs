using MetricaChats.Core.Api;
using MetricaChats.Core.Api.Internal;
using MetricaChats.Core.Import;

namespace MetricaChats.Core.Tests.Api;

/// <summary>
/// One upload through the production path (<see cref="ExactlyOnceSender"/> over the client, no
/// ledger), for tests of the client and the sandbox: sent once, reconciled by its marker after an
/// ambiguous failure. Throws the API failure when the upload did not arrive (or its fate is unknown).
/// </summary>
internal static class ClientUploads
{
    public static async Task<MetricaUpload> UploadChatsAsync(this MetricaClient client, int counterId, Stream csv, string? comment = null, CancellationToken cancellationToken = default)
    {
        using var copy = new MemoryStream();
        await csv.CopyToAsync(copy, cancellationToken);
        var bytes = copy.ToArray();
        return await client.UploadChatsAsync(counterId, (s, ct) => s.WriteAsync(bytes, 0, bytes.Length, ct), comment, null, cancellationToken, bytes.Length);
    }

    public static async Task<MetricaUpload> UploadChatsAsync(this MetricaClient client, int counterId, Func<Stream, CancellationToken, Task> write, string? comment, string? marker, CancellationToken cancellationToken = default, long? length = null)
    {
        marker ??= UploadMarker.NewSingle();
        var sender = new ExactlyOnceSender(client, UploadKind.Chats, counterId, null, client.NewRetryBudget(), TimeProvider.System, _ => { });
        var batch = new OutgoingBatch(1, marker, new string('0', 64), 0, 0, 0, length ?? 0, UploadMarker.Compose(comment, marker), write, null);
        var outcome = await sender.SendAsync(batch, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return outcome.Upload ?? throw (Exception?)outcome.Error ?? new InvalidOperationException("The upload did not arrive: " + outcome.Note);
    }
}
