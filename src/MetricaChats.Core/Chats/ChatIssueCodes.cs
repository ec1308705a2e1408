namespace MetricaChats.Core.Chats;

/// <summary>
/// The stable codes of <see cref="ChatIssue.Code"/>. PowerShell uses them as error ids and
/// scripts may match on them, so a code, once published, never changes meaning.
/// docs/chat-fields.md lists each with its meaning and fix.
/// </summary>
public static class ChatIssueCodes
{
    // ---- Row errors from the normaliser (the row is rejected) ----

    /// <summary>Every field of the row is empty.</summary>
    public const string EmptyRow = nameof(EmptyRow);

    /// <summary>No event time.</summary>
    public const string MissingDateTime = nameof(MissingDateTime);

    /// <summary>The event time cannot be read.</summary>
    public const string InvalidDateTime = nameof(InvalidDateTime);

    /// <summary>The event time is later than now (plus the allowed clock skew).</summary>
    public const string FutureDateTime = nameof(FutureDateTime);

    /// <summary>The event time is before 2000-01-01 UTC (an empty or zero Unix time, usually).</summary>
    public const string DateTimeTooOld = nameof(DateTimeTooOld);

    /// <summary>No messenger.</summary>
    public const string MissingChatPlatform = nameof(MissingChatPlatform);

    /// <summary>The messenger is not WhatsApp, Telegram or Viber in any known spelling.</summary>
    public const string InvalidChatPlatform = nameof(InvalidChatPlatform);

    /// <summary>None of ChatUsername, ChatUserId, PhoneNumber is given.</summary>
    public const string MissingChatPartner = nameof(MissingChatPartner);

    /// <summary>The phone number is not a plausible international number.</summary>
    public const string InvalidPhoneNumber = nameof(InvalidPhoneNumber);

    /// <summary>A text value is longer than its limit.</summary>
    public const string ValueTooLong = nameof(ValueTooLong);

    /// <summary>The ClientId is not a positive whole number that fits in 64 bits.</summary>
    public const string InvalidClientId = nameof(InvalidClientId);

    /// <summary>The Yclid is not a positive whole number that fits in 64 bits.</summary>
    public const string InvalidYclid = nameof(InvalidYclid);

    /// <summary>The answered flag is not true/false/yes/no/1/0.</summary>
    public const string InvalidAnswered = nameof(InvalidAnswered);

    /// <summary>The tag is longer than 100 characters.</summary>
    public const string TagTooLong = nameof(TagTooLong);

    /// <summary>The revenue is not a number.</summary>
    public const string InvalidRevenue = nameof(InvalidRevenue);

    /// <summary>The revenue is below zero.</summary>
    public const string NegativeRevenue = nameof(NegativeRevenue);

    /// <summary>The currency is not an active ISO 4217 code.</summary>
    public const string InvalidCurrency = nameof(InvalidCurrency);

    /// <summary>The page URL or tracker link is not an absolute http(s) URL.</summary>
    public const string InvalidUrl = nameof(InvalidUrl);

    // ---- Row errors from the CSV reader (the row is skipped, counted as rejected) ----

    /// <summary>The row has more or fewer fields than the header.</summary>
    public const string WrongFieldCount = nameof(WrongFieldCount);

    /// <summary>A quote character inside an unquoted field, or text after a closing quote.</summary>
    public const string StrayQuote = nameof(StrayQuote);

    /// <summary>A quoted field is never closed before the end of the file.</summary>
    public const string UnterminatedQuote = nameof(UnterminatedQuote);

    /// <summary>The row contains NUL characters: binary data, not text.</summary>
    public const string BinaryContent = nameof(BinaryContent);

    /// <summary>The row contains bytes that are not valid in the file's encoding (UTF-8 unless a BOM says otherwise).</summary>
    public const string InvalidEncoding = nameof(InvalidEncoding);

    /// <summary>A CSV field is longer than the reader's limit.</summary>
    public const string FieldTooLong = nameof(FieldTooLong);

    // ---- Warnings (the row is sent) ----

    /// <summary>No ClientId, UserId, Yclid or PurchaseId: counted as a conversion, but not joined to a visit.</summary>
    public const string Unattributed = nameof(Unattributed);

    /// <summary>Older than the join window (21 days): sent, but it cannot join a visit.</summary>
    public const string OutsideJoinWindow = nameof(OutsideJoinWindow);

    /// <summary>Revenue without a currency: Metrica applies the counter's currency.</summary>
    public const string RevenueWithoutCurrency = nameof(RevenueWithoutCurrency);

    /// <summary>File-level (row 0): the CSV has columns that are not chat fields; they are ignored.</summary>
    public const string UnknownColumns = nameof(UnknownColumns);

    /// <summary>Once per run: times without an offset were read in the machine's zone, which is UTC.</summary>
    public const string TimesReadAsUtc = nameof(TimesReadAsUtc);

    /// <summary>File-level (row 0): the file is not UTF-8 and was read in the encoding its bytes show (Windows-1251).</summary>
    public const string EncodingDetected = nameof(EncodingDetected);

    // ---- File-level errors (ChatCsvFormatException.Code) ----

    /// <summary>The file is empty: not even a header line.</summary>
    public const string EmptyFile = nameof(EmptyFile);

    /// <summary>Two header columns name the same field.</summary>
    public const string DuplicateColumn = nameof(DuplicateColumn);

    /// <summary>No header column (or no property of an input object) is a known chat field name; the message names the likely cause.</summary>
    public const string NoKnownColumns = nameof(NoKnownColumns);

    /// <summary>A required column (time, messenger, or any chat partner id) is absent from the header.</summary>
    public const string MissingColumn = nameof(MissingColumn);
}
