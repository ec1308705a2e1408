namespace MetricaChats.Sandbox;

/// <summary>
/// What the upload reader feeds each CSV record to: one validator per upload kind (chats,
/// calls), so the multipart, UTF-8, CSV and bound checks are written once.
/// </summary>
internal interface IUploadRecordSink
{
    /// <summary>The header as read (empty until the first record).</summary>
    IReadOnlyList<string> Header { get; }

    /// <summary>The data rows kept so far (their count is released when the upload fails).</summary>
    IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    /// <summary>Takes one record: the header first, then the data rows.</summary>
    /// <param name="fields">The record's fields.</param>
    /// <param name="line">The 1-based line the record starts on.</param>
    void OnRecord(List<string> fields, int line);

    /// <summary>Ends the file; throws the API's 400 when it held nothing usable.</summary>
    void Finish();
}
