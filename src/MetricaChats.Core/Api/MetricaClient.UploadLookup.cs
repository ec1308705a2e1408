using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MetricaChats.Core.Api.Internal;

namespace MetricaChats.Core.Api;

// Reading one upload. The reference disagrees with itself on the by-id path (uploading/{id} on
// the offline-conversion pages, uploadings/{id} on the chat pages), so a 404 there is not taken
// as "no such upload" until the uploads list has been searched too.
public sealed partial class MetricaClient
{
    private const int UploadLookupPageSize = 100;

    // Set once the by-id path answered 404 for an upload the list holds: that path is wrong on
    // this endpoint, so later reads (a wait polls every 30 s for up to 2 hours) go to the list at once.
    private int _uploadByIdAnswers404;

    /// <summary>
    /// Reads one upload's status: by id, or, when that path answers 404, from the uploads list
    /// (chat uploads, newest first, up to <see cref="MetricaClientOptions.ReconcileScanLimit"/>).
    /// Retried within one retry budget like every read.
    /// </summary>
    /// <exception cref="MetricaApiException">The upload is in neither place (<see cref="MetricaErrorKind.NotFound"/>), or a call failed.</exception>
    public async Task<MetricaUpload> GetUploadAsync(int counterId, long uploadId, CancellationToken cancellationToken = default)
    {
        var budget = NewRetryBudget();
        MetricaApiException? notFound = null;
        if (Volatile.Read(ref _uploadByIdAnswers404) == 0)
        {
            try
            {
                return await ExecuteAsync(
                    async token =>
                    {
                        var body = await SendOnceAsync(HttpMethod.Get, MetricaPaths.Uploading(counterId, uploadId), null, counterId, _requestTimeout, token).ConfigureAwait(false);
                        return ParseUpload(body, counterId);
                    },
                    budget,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (MetricaApiException ex) when (ex.Kind == MetricaErrorKind.NotFound)
            {
                notFound = ex;
            }
        }

        MetricaUpload? listed;
        try
        {
            listed = await FindInUploadsListAsync(counterId, uploadId, budget, cancellationToken).ConfigureAwait(false);
        }
        catch (MetricaApiException listed404) when (notFound is not null && listed404.Kind == MetricaErrorKind.NotFound)
        {
            // The list is not there either (an unknown counter answers 404 on both): the by-id
            // answer is the one that speaks of this upload. Any other failure of the list (no
            // access, a server error after retries) is reported as it is.
            throw notFound;
        }

        if (listed is null)
        {
            throw notFound ?? new MetricaApiException(
                MetricaErrorKind.NotFound,
                "Upload " + uploadId.ToString(System.Globalization.CultureInfo.InvariantCulture) + " is not among the " + _reconcileScanLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) + " most recent chat uploads of counter " + counterId.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (this endpoint answers 404 on the upload-by-id path, so uploads are looked up in the list). Check the upload id and the counter.",
                404,
                "not_found")
            {
                Request = "GET /" + StripQuery(MetricaPaths.Uploadings(counterId)),
            };
        }

        if (notFound is not null)
        {
            Interlocked.Exchange(ref _uploadByIdAnswers404, 1);
        }

        return listed;
    }

    private async Task<MetricaUpload?> FindInUploadsListAsync(int counterId, long uploadId, RetryBudget budget, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < _reconcileScanLimit; offset += UploadLookupPageSize)
        {
            var page = await ListUploadsPageAsync(UploadKind.Chats, counterId, UploadLookupPageSize, offset, budget, cancellationToken).ConfigureAwait(false);
            foreach (var upload in page)
            {
                if (upload.Id == uploadId)
                {
                    return upload;
                }
            }

            if (page.Count < UploadLookupPageSize)
            {
                break;
            }
        }

        return null;
    }
}
