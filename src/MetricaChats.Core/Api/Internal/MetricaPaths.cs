using System.Globalization;

namespace MetricaChats.Core.Api.Internal;

/// <summary>Every API path and fixed parameter, in one table (relative to the endpoint).</summary>
internal static class MetricaPaths
{
    public const string UploadType = "CHATS";

    /// <summary>Counters paging: parameter names. Offsets are computed 0-based; overlap is removed by id, so a 1-based server loses nothing.</summary>
    public const string CountersPageSize = "per_page";

    public const string CountersOffset = "offset";

    public static string Counters => "management/v1/counters";

    public static string Counter(int counterId) => "management/v1/counter/" + Id(counterId);

    public static string Upload(int counterId) => Upload(UploadKind.Chats, counterId);

    /// <summary>The upload endpoint of a kind (the comment is appended by the caller).</summary>
    public static string Upload(UploadKind kind, int counterId) => Counter(counterId) + "/offline_conversions/upload?type=" + kind.Name;

    /// <summary>
    /// One upload by id. The reference's chat pages spell it <c>uploadings/{id}</c> instead; a 404
    /// here makes the client look for the upload in the list (<see cref="Uploadings(int)"/>), so
    /// correcting the spelling is a change to this line alone.
    /// </summary>
    public static string Uploading(int counterId, long uploadId) => Counter(counterId) + "/offline_conversions/uploading/" + uploadId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The uploads list, filtered to chat uploads (the list's <c>type</c> filter defaults to BASIC on the real API).</summary>
    public static string Uploadings(int counterId) => Uploadings(UploadKind.Chats, counterId);

    /// <summary>The uploads list of a kind (the list's <c>type</c> filter defaults to BASIC on the real API).</summary>
    public static string Uploadings(UploadKind kind, int counterId) => Counter(counterId) + "/offline_conversions/uploadings?type=" + kind.Name;

    /// <summary>The counter's goals (<c>{"goals": [...]}</c>).</summary>
    public static string Goals(int counterId) => Counter(counterId) + "/goals";

    public static string CallsExtendedThreshold(int counterId) => Counter(counterId) + "/offline_conversions/calls_extended_threshold";

    public static string CallsVisitJoinThreshold(int counterId) => Counter(counterId) + "/offline_conversions/calls_visit_join_threshold";

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
